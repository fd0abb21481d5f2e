import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HARNESS_ROOT } from '../harness/sandbox';
import { deriveCandidateSeed } from '../harness/secrets';
import { scanForSecretAccess } from '../harness/submission';
import { writeMlKit } from './ml/kit';
import { writeRagKit } from './rag/kit';

const scratch = mkdtempSync(join(tmpdir(), 'takehome-scan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the source scan on what a candidate starts from', () => {
  it('finds nothing in the kits (bundled check tools included) nor in the ML reference', async () => {
    const rag = join(scratch, 'rag');
    const ml = join(scratch, 'ml');
    await writeRagKit(rag, deriveCandidateSeed('demo', 'rag', 'scan'));
    await writeMlKit(ml, deriveCandidateSeed('demo', 'ml', 'scan'));
    expect(await scanForSecretAccess(rag)).toEqual([]);
    expect(await scanForSecretAccess(ml)).toEqual([]);
    expect(await scanForSecretAccess(join(HARNESS_ROOT, 'exercises/ml/reference'))).toEqual([]);
  });
});
