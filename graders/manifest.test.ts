import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidSubmissionError } from '../harness/errors';
import { readManifest } from '../harness/submission';
import { ML_MANIFEST } from './ml/manifest';
import { RAG_MANIFEST } from './rag/manifest';
import { useTempDirs } from '../test/test-helpers';

const tempDir = useTempDirs();

function submission(content?: string): string {
  const dir = tempDir('takehome-sub-');
  if (content !== undefined) writeFileSync(join(dir, 'takehome.json'), content);
  return dir;
}

describe('readManifest', () => {
  it('reads a RAG manifest', async () => {
    const dir = submission('{"exercise":"rag","ingest":"npm run ingest","answer":"npm run answer"}');
    expect(await readManifest(dir, RAG_MANIFEST)).toEqual({ exercise: 'rag', ingest: 'npm run ingest', answer: 'npm run answer' });
  });

  it.each([
    [undefined, /no takehome\.json in .*\n?/, /"exercise":"rag"/],
    ['{oops', /not valid JSON/, /fix the JSON/],
    ['{"exercise":"rag","ingest":"x"}', /field answer/, /protocol/],
    ['{"exercise":"rag","ingest":"x","answer":"  "}', /field answer: must be a non-empty shell command/, /protocol/],
    ['{"exercise":"rag","ingest":"x","answer":"y","extra":1}', /field \(root\)|extra/, /protocol/],
    ['{"exercise":"ml","run":"make"}', /declares exercise "ml"/, /--exercise ml/],
  ])('rejects %j with the field and the next step', async (content, message, hint) => {
    const error = await readManifest(submission(content), RAG_MANIFEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSubmissionError);
    expect((error as InvalidSubmissionError).message).toMatch(message);
    expect((error as InvalidSubmissionError).hint).toMatch(hint);
    expect((error as InvalidSubmissionError).exitCode).toBe(1);
  });

  it('an ML submission may have no manifest', async () => {
    expect(await readManifest(submission(), ML_MANIFEST, { optional: true })).toBeUndefined();
  });
});
