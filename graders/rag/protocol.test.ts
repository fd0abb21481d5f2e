import { describe, expect, it } from 'vitest';
import { askQuestion, type LineChannel } from './protocol';

/** A scripted channel: each write is answered by the lines the script returns. */
function channel(script: (line: string) => (string | 'timeout' | undefined)[]): LineChannel & { written: string[] } {
  const queue: (string | 'timeout' | undefined)[] = [];
  const written: string[] = [];
  return {
    written,
    write(line) {
      written.push(line);
      queue.push(...script(line));
    },
    async nextLine() {
      return queue.length ? queue.shift() : 'timeout';
    },
  };
}

const q = { id: 'q1', question: 'How long?' };

describe('askQuestion', () => {
  it('sends one JSON line and parses the answer with citations', async () => {
    const ch = channel(() => [JSON.stringify({ id: 'q1', answer: '30 days', citations: [{ doc_id: 'd1', quote: 'within 30 days' }], refused: false })]);
    const r = await askQuestion(ch, q, 1000);
    expect(JSON.parse(ch.written[0]!)).toEqual(q);
    expect(r.answer).toMatchObject({ status: 'ok', answer: '30 days', citations: [{ doc_id: 'd1', quote: 'within 30 days' }] });
  });

  it('skips logs and stale answers to other questions', async () => {
    const ch = channel(() => ['loading index...', JSON.stringify({ id: 'q0', answer: 'late' }), JSON.stringify({ id: 'q1', answer: 'now' })]);
    const r = await askQuestion(ch, q, 1000);
    expect(r.answer.answer).toBe('now');
    expect(r.skipped).toHaveLength(2);
  });

  it('a malformed answer for this id is an error naming the field', async () => {
    const r = await askQuestion(
      channel(() => [JSON.stringify({ id: 'q1', answer: 42 })]),
      q,
      1000,
    );
    expect(r.answer.status).toBe('error');
    expect(r.answer.error).toMatch(/field answer/);
  });

  it('no answer in time is a timeout; closed output is an error', async () => {
    expect(
      (
        await askQuestion(
          channel(() => ['timeout']),
          q,
          50,
        )
      ).answer.status,
    ).toBe('timeout');
    expect(
      (
        await askQuestion(
          channel(() => [undefined]),
          q,
          50,
        )
      ).answer,
    ).toMatchObject({ status: 'error', error: expect.stringMatching(/closed/) });
  });
});
