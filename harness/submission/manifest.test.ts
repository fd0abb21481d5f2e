// takehome.json is read as a regular file only: never through a link, never blocking on a FIFO, never unbounded.
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidSubmissionError } from '../errors';
import { useTempDirs } from '../../test/test-helpers';
import { MANIFEST_MAX_BYTES, readManifest } from './manifest';

const temp = useTempDirs();
const spec = { exercise: 'rag', schema: z.object({ exercise: z.literal('rag'), answer: z.string() }), example: '{"exercise":"rag",...}', docs: 'the README' };

async function failure(dir: string): Promise<InvalidSubmissionError> {
  const error = await readManifest(dir, spec).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidSubmissionError);
  return error as InvalidSubmissionError;
}

describe('readManifest reads takehome.json safely', () => {
  it('reads a plain file', async () => {
    const dir = temp('takehome-manifest-');
    writeFileSync(join(dir, 'takehome.json'), '{"exercise":"rag","answer":"npm run answer"}');
    expect(await readManifest(dir, spec)).toEqual({ exercise: 'rag', answer: 'npm run answer' });
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const dir = temp('takehome-manifest-');
    execFileSync('mkfifo', [join(dir, 'takehome.json')]);
    const error = await failure(dir);
    expect(error.message).toMatch(/takehome\.json must be a regular file: is a FIFO/);
  });

  it('refuses a link to /etc/passwd without showing a byte of it, and a link to /dev/zero without reading it', async () => {
    for (const target of ['/etc/passwd', '/dev/zero']) {
      const dir = temp('takehome-manifest-');
      symlinkSync(target, join(dir, 'takehome.json'));
      const error = await failure(dir);
      expect(error.message).toMatch(/is a symbolic link/);
      expect(`${error.message} ${error.hint}`).not.toMatch(/root:/);
    }
  });

  it('refuses a file over the cap without parsing it', async () => {
    const dir = temp('takehome-manifest-');
    writeFileSync(join(dir, 'takehome.json'), `{"exercise":"rag","answer":"${'x'.repeat(MANIFEST_MAX_BYTES)}"}`);
    expect((await failure(dir)).message).toMatch(/over the 65536-byte cap/);
  });

  it('refuses a folder named takehome.json, and says when it is missing', async () => {
    const dir = temp('takehome-manifest-');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'takehome.json'));
    expect((await failure(dir)).message).toMatch(/is a folder/);
    expect((await failure(temp('takehome-manifest-'))).message).toMatch(/no takehome\.json in/);
  });
});
