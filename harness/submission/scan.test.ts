import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeMlKit } from '../kit/ml';
import { writeRagKit } from '../kit/rag';
import { HARNESS_ROOT } from '../sandbox';
import { deriveCandidateSeed } from '../secrets';
import { scanForSecretAccess, secretAccessFlag, secretAccessRules } from './scan';
import { useTempDirs } from '../../test/test-helpers';

const tempDir = useTempDirs();

describe('scanForSecretAccess', () => {
  it.each([
    ['process.env.TAKEHOME_SECRET', 'reads a harness variable'],
    ['os.getenv("TAKEHOME_UPSTREAM_API_KEY")', 'reads a harness variable'],
    ['cat /proc/1/environ', "reads another process's environment"],
    ['open(f"/proc/{os.getppid()}/environ")', "reads another process's environment"],
    ['readFileSync(`${home}/.takehome/secret`)', "reads the harness's secret folder"],
    ["pd.read_csv('../key/test_labels.csv')", 'reads a hidden key file'],
  ])('%s: %s', (line, rule) => {
    expect(secretAccessRules(line)).toEqual([rule]);
  });

  it.each(['the environment variable OPENAI_BASE_URL', 'set TAKEHOME_UPSTREAM_API_KEY in the shell that runs the gateway', 'data/test.csv'])('leaves %j alone', (line) => {
    expect(secretAccessRules(line)).toEqual([]);
  });

  it('finds the cheater with file and line, and makes a critical sandbox-violation flag of it', async () => {
    const found = await scanForSecretAccess(join(HARNESS_ROOT, 'exercises/rag/calibration/cheater'));
    expect(found.length).toBeGreaterThanOrEqual(4);
    expect(found[0]).toMatchObject({ file: 'src/snoop.ts', line: expect.any(Number) });
    expect(secretAccessFlag(found)).toMatchObject({ code: 'sandbox-violation', severity: 'critical', message: expect.stringMatching(/src\/snoop\.ts:\d+/) });
    expect(secretAccessFlag([])).toBeUndefined();
  });

  it('finds nothing in the kits a candidate starts from (bundled check tools included)', async () => {
    const rag = join(tempDir('takehome-scan-'), 'rag');
    const ml = join(tempDir('takehome-scan-'), 'ml');
    await writeRagKit(rag, deriveCandidateSeed('demo', 'rag', 'scan'));
    await writeMlKit(ml, deriveCandidateSeed('demo', 'ml', 'scan'));
    expect(await scanForSecretAccess(rag)).toEqual([]);
    expect(await scanForSecretAccess(ml)).toEqual([]);
    expect(await scanForSecretAccess(join(HARNESS_ROOT, 'exercises/ml/reference'))).toEqual([]);
  });
});
