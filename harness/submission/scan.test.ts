import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HARNESS_ROOT } from '../sandbox';
import { useTempDirs } from '../../test/test-helpers';
import { scanForSecretAccess, scanSecretAccess, secretAccessFlag, secretAccessRules, sourceScanItem } from './scan';

describe('scanForSecretAccess', () => {
  it.each([
    ['process.env.TAKEHOME_SECRET', 'reads a harness variable'],
    ['os.getenv("TAKEHOME_UPSTREAM_API_KEY")', 'reads a harness variable'],
    ['cat /proc/1/environ', "reads another process's environment"],
    ['open(f"/proc/{os.getppid()}/environ")', "reads another process's environment"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a line of candidate source the scanner must flag, not a template
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
});

describe('the scan covers every file the sandbox runs', () => {
  const temp = useTempDirs();
  const READ = "fs.readFileSync('/proc/1/environ')";

  it('finds a secret read in dist/, in a binary with a NUL byte, past 512 KiB and inside a minified line; lists a compressed file', async () => {
    const dir = temp('takehome-scan-');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'bundle.js'), `${READ};\n`);
    writeFileSync(join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(READ), Buffer.from([0, 0])]));
    writeFileSync(join(dir, 'big.js'), `${'// padding\n'.repeat(60_000)}${READ}\n`);
    writeFileSync(join(dir, 'min.js'), `${'a=1;'.repeat(50_000)}${READ};${'b=2;'.repeat(1000)}\n`);
    writeFileSync(join(dir, 'payload.js.gz'), gzipSync(READ));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'x.js'), READ);
    const { findings, stats } = await scanSecretAccess(dir);
    expect(findings.map((f) => f.file).sort()).toEqual(['big.js', 'blob.bin', 'dist/bundle.js', 'min.js']);
    expect(findings.find((f) => f.file === 'big.js')!.line).toBe(60_001);
    // node_modules is not copied into the sandbox (the shared packages are mounted there), so not scanned.
    expect(stats.unscannable).toEqual([{ file: 'payload.js.gz', reason: 'gzip-compressed data: its content cannot be scanned' }]);
    expect(stats.scanned).toBe(4);
  });

  it('a README that names a key file is evidence, not a flag; code that reads it is a flag', async () => {
    const dir = temp('takehome-scan-');
    writeFileSync(join(dir, 'README.md'), 'We never read test_labels.csv or trap_catalog.json: they are the hidden key.\n');
    writeFileSync(join(dir, 'NOTES.txt'), 'the grader keeps twins.csv\n');
    const docsOnly = await scanSecretAccess(dir);
    expect(docsOnly.findings.map((f) => [f.file, f.documentation])).toEqual([
      ['NOTES.txt', true],
      ['README.md', true],
    ]);
    expect(secretAccessFlag(docsOnly.findings)).toBeUndefined();
    expect(sourceScanItem(docsOnly.stats, docsOnly.findings).evidence.documentationMentions).toHaveLength(2);
    writeFileSync(join(dir, 'train.py'), "labels = pd.read_csv('../key/test_labels.csv')\n");
    const withCode = await scanSecretAccess(dir);
    expect(secretAccessFlag(withCode.findings)).toMatchObject({ severity: 'critical', message: expect.stringMatching(/1 place\(s\), first train\.py:1/) });
  });
});
