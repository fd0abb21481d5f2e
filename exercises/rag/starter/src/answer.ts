import { createInterface } from 'node:readline';
import { chatModel } from './models';

// v0: one model call per question, no retrieval, no citations, never refuses.
// Protocol: one JSON question per line on stdin, one JSON answer per line on
// stdout, in order. Anything else you print must go to stderr.
const chat = chatModel();
// Optional: tells the grader start-up is over (it reports when this came; see README "The protocol").
process.stdout.write('{"takehome":"ready"}\n');

const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of input) {
  if (!line.trim()) continue;
  const { id, question } = JSON.parse(line) as { id: string; question: string };
  const reply = await chat.invoke(`You answer customer questions about Quillfeather Freight Lines.\n\nQuestion: ${question}`);
  const answer = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
  process.stdout.write(`${JSON.stringify({ id, answer, citations: [], refused: false })}\n`);
}
