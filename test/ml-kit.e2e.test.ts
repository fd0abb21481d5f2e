import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClaimsDataset, hiddenKeyFiles, type ClaimsDataset } from '../datasets/claims';
import { KIT_EXAMPLE_REPORT } from '../exercises/ml/kit/example';
import { listFiles, scanKitForLeaks, writeKitRepository, type LeakCheck, type Needle } from '../harness/kit';
import { buildMlKey, buildMlKit } from '../exercises/ml/kit';
import { deriveCandidateSeed } from '../harness/secrets';
import { useTempDirs } from './test-helpers';
import { runProcess } from './test-helpers';

const tempDir = useTempDirs();
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'takehome.mjs');
const SECRET = 'ml-kit-test-secret-4b1d77e09a3c';
const seedOf = (candidate: string) => deriveCandidateSeed(SECRET, 'ml', candidate);
const temp = () => tempDir('takehome-ml-kit-');
const ENV = { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, HOME: process.env.HOME, NO_COLOR: '1' };

const exec = runProcess;

// One kit made through the CLI, shared by the tests below: generating a dataset takes ~3 s.
let kitDir: string;
let kitCommit: string;
let dataset: ClaimsDataset;

beforeAll(async () => {
  kitDir = join(temp(), 'kit');
  const r = await exec(process.execPath, [BIN, 'kit', 'ml', '--candidate', 'ada', '--out', kitDir, '--json'], { env: { ...ENV, TAKEHOME_SECRET: SECRET } });
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { commit: string; variant: string; exercise: string };
  expect(out.exercise).toBe('ml');
  expect(out.variant).toBe(seedOf('ada').fingerprint);
  kitCommit = out.commit;
  dataset = generateClaimsDataset(seedOf('ada'));
});

describe('takehome kit ml', () => {
  it('writes a git repository with one commit, the same bytes and the same commit hash for the same candidate and secret', async () => {
    const log = await exec('git', ['log', '--format=%H'], { cwd: kitDir });
    expect(log.stdout.trim().split('\n')).toEqual([kitCommit]);
    expect((await exec('git', ['status', '--porcelain'], { cwd: kitDir })).stdout).toBe('');

    const files = await buildMlKit(seedOf('ada'), dataset);
    expect(await listFiles(kitDir)).toEqual([...files.keys()].sort());
    for (const [path, content] of files) expect(readFileSync(join(kitDir, path), 'utf8') === content, path).toBe(true);
    const again = await writeKitRepository(join(temp(), 'again'), files, `ML take-home kit for ada (variant ${seedOf('ada').fingerprint})`);
    expect(again.commit).toBe(kitCommit);
  });

  it('holds the brief, the data without labels, the report schema and example, and the check tool', async () => {
    const files = await buildMlKit(seedOf('ada'), dataset);
    for (const path of [
      'README.md',
      'data/train.csv',
      'data/test.csv',
      'data/data_dictionary.md',
      'data/data_dictionary.json',
      'report.schema.json',
      'report.example.json',
      'package.json',
      'package-lock.json',
      'tools/check.mjs',
    ]) {
      expect(files.has(path), path).toBe(true);
    }
    expect(files.get('data/train.csv')).toBe(dataset.trainCsv);
    expect(files.get('data/test.csv')).toBe(dataset.testCsv);
    const testHeader = String(files.get('data/test.csv')).split('\n')[0] as string;
    expect(testHeader.split(',')).toContain('claim_id');
    expect(testHeader.split(',')).not.toContain('is_fraud');
    expect(JSON.parse(String(files.get('report.example.json')))).toEqual(KIT_EXAMPLE_REPORT);
    // The example shows the shape only: it names no column of the data (the grader's own example does).
    const example = String(files.get('report.example.json'));
    const columns = dataset.dictionary.columns.map((c) => c.name);
    expect(columns.filter((c) => example.includes(`"${c}"`))).toEqual([]);
    const pkg = JSON.parse(String(files.get('package.json'))) as { scripts: Record<string, string>; dependencies?: object };
    expect(pkg.scripts.check).toBe('node tools/check.mjs');
    expect(pkg.dependencies ?? {}).toEqual({});
    const brief = String(files.get('README.md'));
    for (const text of [
      'about 4 hours',
      'predictions.csv',
      'report.json',
      'DATA_DIR',
      'OUT_DIR',
      '`roc_auc`',
      '`average_precision_lift`',
      '`log_loss`',
      '`brier_skill`',
      '`ece_uniform`',
      '`f1_regret`',
      '`precision_at_top`',
      'time-split',
      'class-weights',
      '## The rubric',
      '60000 labelled claims',
    ]) {
      expect(brief, text).toContain(text);
    }
    expect(brief).not.toMatch(/\{\{|\}\}/);
    expect(brief).toMatch(/is in `RUBRIC\.md`/);
    expect(String(files.get('RUBRIC.md'))).toMatch(/\| Leakage avoided \| 20% \| automatically \|/);
  });

  it("two candidates' kits hold different data and the same check tool", async () => {
    const a = await buildMlKit(seedOf('ada'), dataset);
    const b = await buildMlKit(seedOf('bob'));
    for (const path of ['data/train.csv', 'data/test.csv', 'README.md']) expect(b.get(path) === a.get(path), path).toBe(false);
    const ids = (csv: unknown) =>
      new Set(
        String(csv)
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      );
    const [ia, ib] = [ids(a.get('data/test.csv')), ids(b.get('data/test.csv'))];
    expect([...ia].filter((id) => ib.has(id)).length / ia.size).toBeLessThan(0.5);
    expect(b.get('tools/check.mjs')).toBe(a.get('tools/check.mjs'));
  });
});

describe('the ML kit holds nothing hidden', () => {
  it('no test label, twin list, trap catalog text, hidden key file or seed, and the scan finds a planted leak', async () => {
    const seed = seedOf('ada');
    const key = hiddenKeyFiles(dataset);
    const { catalog, labels, twins } = dataset.hidden;
    // Text the public data itself carries (column names, dictionary wording) is not a leak.
    const publicText = `${dataset.dictionary.markdown}\n${dataset.trainCsv.slice(0, 2000)}`.toLowerCase();
    const distinctive = (text: string) => !publicText.includes(text.toLowerCase());
    const needles: Needle[] = [
      ...Object.entries(key).map(([name, text]) => ({ label: `hidden file ${name}`, text })),
      ...catalog.flatMap((t) => [
        { label: `trap ${t.id} name`, text: t.name },
        { label: `trap ${t.id} description`, text: t.description },
        { label: `trap ${t.id} howToAvoid`, text: t.howToAvoid },
        ...t.reportKeywords.filter(distinctive).map((k) => ({ label: `trap ${t.id} keyword "${k}"`, text: k })),
      ]),
      { label: 'secret', text: SECRET },
    ];
    const labelLines = new Set([...labels].map(([id, y]) => `${id},${y}`));
    const twinLines = new Set(twins.map((t) => `${t.id},${t.twinOf}`));
    const checks: LeakCheck[] = [
      { label: 'seed', test: (t) => seed.appearsIn(t) },
      // Any file with even one "claim_id,label" line of a scored test claim.
      { label: 'test label line', test: (t) => t.split(/\r?\n/).some((line) => labelLines.has(line.trim())) },
      { label: 'twin pair', test: (t) => t.split(/\r?\n/).some((line) => twinLines.has(line.split(',').slice(0, 2).join(','))) },
      // The probes are described generically: no file (brief, bundle, dictionary) speaks of twins or traps.
      { label: 'the words twin or trap', test: (t) => /\b(twins?|traps?)\b/i.test(t) },
    ];
    expect(needles.filter((n) => n.label.includes('keyword')).length).toBeGreaterThan(5);
    expect(await scanKitForLeaks(kitDir, needles, { checks })).toEqual([]);

    const planted = join(temp(), 'planted');
    const [firstId, firstLabel] = [...labels][0] as [string, number];
    await writeKitRepository(planted, new Map([['notes.md', `${catalog[0]?.description}\n${firstId},${firstLabel}\n`]]), 'x');
    expect((await scanKitForLeaks(planted, needles, { checks })).map((f) => f.label).sort()).toEqual(['test label line', 'trap 1 description']);
  });

  it('the key holds the labels, twins and catalog with a README, and never the seed', () => {
    const seed = seedOf('ada');
    const key = buildMlKey(seed, dataset);
    expect([...key.files.keys()].sort()).toEqual(['README.md', 'key.json', 'test_labels.csv', 'trap_catalog.json', 'twins.csv']);
    const lines = String(key.files.get('test_labels.csv')).trim().split('\n');
    expect(lines[0]).toBe('claim_id,is_fraud');
    expect(lines.length - 1).toBe(dataset.hidden.scoredIds.length);
    expect(JSON.parse(String(key.files.get('trap_catalog.json'))).traps).toHaveLength(12);
    expect(seed.appearsIn([...key.files.values()].join('\n'))).toBe(false);
    expect(key.summary.variant).toBe(seed.fingerprint);
  });
});

describe('the kit check (npm run check)', () => {
  const check = (args: string[] = []) => exec(process.execPath, ['tools/check.mjs', ...args], { cwd: kitDir, env: ENV });
  const constant = () => {
    const rate = dataset.hidden.baseRates.train;
    return `claim_id,probability\n${dataset.hidden.testIds.map((id) => `${id},${rate}`).join('\n')}\n`;
  };

  it('npm ci needs no download, and npm run check passes valid files with a summary', async () => {
    writeFileSync(join(kitDir, 'predictions.csv'), constant());
    writeFileSync(join(kitDir, 'report.json'), JSON.stringify({ ...KIT_EXAMPLE_REPORT, validation: { ...KIT_EXAMPLE_REPORT.validation, estimates: { roc_auc: 0.734 } } }, null, 2));
    const ci = await exec('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: kitDir, env: { ...ENV, npm_config_cache: join(temp(), 'npm-cache') } });
    expect(ci.code, ci.stderr).toBe(0);
    const r = await exec('npm', ['run', '-s', 'check'], { cwd: kitDir, env: ENV });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`predictions: ${dataset.hidden.testIds.length} rows`);
    expect(r.stdout).toContain(`mean ${dataset.hidden.baseRates.train.toFixed(4)}`);
    expect(r.stdout).toMatch(/your estimate: roc_auc 0\.734;/);
    expect(r.stdout).toMatch(/^ok: both files are valid/m);
  });

  const ids = () => dataset.hidden.testIds;
  const body = (rows: string[]) => `claim_id,probability\n${rows.join('\n')}\n`;
  const defects: [string, () => string, RegExp][] = [
    ['a probability above 1 (line 5)', () => body(ids().map((id, i) => `${id},${i === 3 ? '1.5' : '0.1'}`)), /line 5/],
    ['a non-number (line 8)', () => body(ids().map((id, i) => `${id},${i === 6 ? 'high' : '0.1'}`)), /line 8/],
    ['NaN (line 3)', () => body(ids().map((id, i) => `${id},${i === 1 ? 'NaN' : '0.1'}`)), /line 3/],
    ['a duplicate id (line 4 repeats line 2)', () => body(ids().map((id, i) => `${i === 2 ? ids()[0] : id},0.1`)), /line 4/],
    ['an unknown id (line 2)', () => body(ids().map((id, i) => `${i === 0 ? 'QF-0000000' : id},0.1`)), /line 2/],
  ];

  it.each(defects)('predictions with %s: exit 1 naming the line', async (_name, make, where) => {
    const dir = temp();
    writeFileSync(join(dir, 'p.csv'), make());
    const r = await check(['--predictions', join(dir, 'p.csv'), '--report', 'report.example.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(where);
    expect(r.stdout).toMatch(/p\.csv/);
    expect(r.stdout).toMatch(/fix: /);
  });

  it('missing rows, a missing column and a missing file: exit 1 with the next step', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'short.csv'),
      body(
        ids()
          .slice(0, -3)
          .map((id) => `${id},0.1`),
      ),
    );
    writeFileSync(
      join(dir, 'nocol.csv'),
      `claim_id,score\n${ids()
        .map((id) => `${id},0.1`)
        .join('\n')}\n`,
    );
    const short = await check(['--predictions', join(dir, 'short.csv'), '--report', 'report.example.json']);
    expect(short.code).toBe(1);
    expect(short.stdout).toContain(String(ids().at(-1)));
    const nocol = await check(['--predictions', join(dir, 'nocol.csv'), '--report', 'report.example.json']);
    expect(nocol.code).toBe(1);
    expect(nocol.stdout).toMatch(/probability/);
    const none = await check(['--predictions', join(dir, 'absent.csv'), '--report', join(dir, 'absent.json')]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/no predictions file at .*absent\.csv/);
    expect(none.stdout).toMatch(/no report at .*absent\.json/);
  });

  it('a report with several schema problems lists each field; broken JSON names the line', async () => {
    const dir = temp();
    const bad = structuredClone(KIT_EXAMPLE_REPORT) as Record<string, unknown> & { validation: Record<string, unknown>; threshold: Record<string, unknown> };
    bad.validation.strategy = 'guesswork';
    bad.threshold.value = 'high';
    bad.notes = 'extra';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad, null, 2));
    const r = await check(['--report', join(dir, 'bad.json'), '--json']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { problems: { file: string; where?: string }[] };
    const wheres = result.problems.filter((p) => p.file.endsWith('bad.json')).map((p) => p.where);
    expect(wheres).toEqual(expect.arrayContaining(['field validation.strategy', 'field threshold.value', 'field (root)']));
    writeFileSync(join(dir, 'broken.json'), '{\n  "schema": "takehome.ml-report/v1",\n  "validation": {,\n}\n');
    const broken = await check(['--report', join(dir, 'broken.json')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken\.json \(line 3, column \d+\): not valid JSON/);
  });
});

describe('takehome key ml and unknown exercises (subprocess)', () => {
  it('key ml writes the hidden key; kit with an unknown exercise exits 2 and lists the valid ones', async () => {
    const out = join(temp(), 'key');
    const r = await exec(process.execPath, [BIN, 'key', 'ml', '--candidate', 'ada', '--out', out, '--json'], { env: { ...ENV, TAKEHOME_SECRET: SECRET } });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'test_labels.csv'), 'utf8')).toBe(hiddenKeyFiles(dataset)['test_labels.csv']);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/Never give this folder to the candidate/);
    const bad = await exec(process.execPath, [BIN, 'kit', 'sql', '--candidate', 'ada', '--out', join(temp(), 'x')], { env: { ...ENV, TAKEHOME_SECRET: SECRET } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are rag, ml/);
  });
});
