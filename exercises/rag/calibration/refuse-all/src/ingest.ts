// Nothing to index: this submission refuses every question.
console.error(`refuse-all: nothing to ingest (corpus at ${process.env.CORPUS_DIR})`);
