// A candidate's hidden key is the answer sheet: its files are 0600 in a 0700 folder, readable by the interviewer only.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveCandidateSeed } from '../harness/secrets';
import { useTempDirs } from '../test/test-helpers';
import { writeMlKey } from './ml/kit';
import { writeRagKey } from './rag/kit';

const temp = useTempDirs();
const mode = (path: string) => statSync(path).mode & 0o777;

describe('hidden keys are private', () => {
  it.each([
    ['rag', writeRagKey],
    ['ml', writeMlKey],
  ] as const)('%s: 0600 files in a 0700 folder', async (exercise, write) => {
    const out = join(temp('takehome-key-'), 'key');
    await write(out, deriveCandidateSeed('key-mode-secret-0123456789', exercise, 'ada'));
    expect(mode(out)).toBe(0o700);
    const files = readdirSync(out);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(mode(join(out, name))).toBe(0o600);
  });
});
