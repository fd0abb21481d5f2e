// v0: no index yet. A real pipeline would chunk and embed the documents in CORPUS_DIR here.
console.error(`nothing to ingest yet (corpus at ${process.env.CORPUS_DIR})`);
