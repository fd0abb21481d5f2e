import { createInterface } from 'node:readline';

// A blind trick: refuse every question, with no retrieval and no model call. A grader that gives a
// correct refusal full marks without asking whether the pipeline can answer anything rewards this.
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  let id: string;
  try {
    id = (JSON.parse(line) as { id: string }).id;
  } catch {
    continue;
  }
  process.stdout.write(`${JSON.stringify({ id, answer: 'I cannot find the answer in the provided context.', citations: [], refused: true })}\n`);
}
