import { readdir } from 'node:fs/promises';

// v0 indexes nothing. This is where your pipeline reads the Markdown documents
// under CORPUS_DIR, chunks them, embeds the chunks and stores them (see db.ts).
// Log to stderr: ingest's stdout is not part of the protocol.
const corpusDir = process.env.CORPUS_DIR;
if (!corpusDir) throw new Error('CORPUS_DIR is not set: run through `npm run check`, or set it to ./corpus');
const files = (await readdir(corpusDir, { recursive: true })).filter((f) => f.endsWith('.md'));
console.error(`v0: found ${files.length} documents in ${corpusDir}; nothing indexed yet`);
