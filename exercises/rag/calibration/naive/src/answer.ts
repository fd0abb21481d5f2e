import { createInterface } from 'node:readline';
import { ChatOpenAI } from '@langchain/openai';

// v0: one model call per question, no retrieval, no citations.
const chat = new ChatOpenAI({
  model: 'gpt-4o-mini',
  temperature: 0,
  apiKey: process.env.OPENAI_API_KEY,
  configuration: { baseURL: process.env.OPENAI_BASE_URL },
  maxRetries: 1,
});

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { id, question } = JSON.parse(line) as { id: string; question: string };
  const reply = await chat.invoke(`Answer the customer's question about Quillfeather Freight Lines.\n\nQuestion: ${question}`);
  const answer = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
  process.stdout.write(`${JSON.stringify({ id, answer, citations: [], refused: false })}\n`);
}
