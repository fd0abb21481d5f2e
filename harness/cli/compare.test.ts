import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/test-helpers';
import { COMPARISON_SCHEMA } from '../compare';
import { makeScorecard, type ScorecardFixture } from '../compare/test-helpers';
import type { Exercise, ExerciseTable } from '../exercise';
import type { CliIO } from './context';
import { main } from './main';

/**
 * `takehome compare` in-process, on hand-built scorecards of a fake exercise
 * ("echo"): over a loop and over results folders, every format, --blind,
 * similarity from submission folders, and the usage errors.
 */
const tempDir = useTempDirs();
const scratch = tempDir('takehome-compare-cli-');

const echo = {
  id: 'echo',
  title: 'Echo (a test exercise)',
  graderVersion: '0.0.1',
  metrics: ['overall'],
  headline: 'overall',
  summaryMetrics: ['overall'],
  features: { split: false, limit: false, judge: false },
  starterDir: join(scratch, 'starter'),
} as unknown as Exercise;
const table: ExerciseTable = { echo: async () => echo, other: async () => ({ ...echo, id: 'other' }) as Exercise };

async function takehome(args: string[], io: Partial<CliIO> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'takehome', ...args], {
    io: {
      out: (s) => {
        stdout += s;
      },
      err: (s) => {
        stderr += s;
      },
      env: { NO_COLOR: '1' },
      ...io,
    },
    exercises: table,
  });
  return { code, stdout, stderr };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const SCORER = `export function score(values: number[], weights: number[]): number {
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights[i] ?? 1;
    total += (values[i] ?? 0) * w;
    weightSum += w;
  }
  if (weightSum === 0) return 0;
  const mean = total / weightSum;
  return Math.round(mean * 1000) / 1000;
}
export function rank(items: { id: string; score: number }[]): string[] {
  return items.filter((x) => Number.isFinite(x.score)).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).map((x) => x.id);
}
`;
const OTHER = `const cache = new Map<string, string>();
export async function fetchAll(keys: string[], load: (k: string) => Promise<string>) {
  const out: Record<string, string> = {};
  for (const key of keys) {
    if (!cache.has(key)) cache.set(key, await load(key));
    out[key] = cache.get(key) as string;
  }
  return out;
}
`;

const questions = (shift: number) => Array.from({ length: 30 }, (_, i) => Math.min(1, Math.max(0, ((i * 7) % 10) / 10 + shift)));
const reviews = (a: number, b: number) => ({ 'write-up': { Ines: a, Omar: b }, evaluation: { Ines: a, Omar: a } });
const FIXTURES: ScorecardFixture[] = [
  {
    candidate: 'ada',
    exercise: 'echo',
    itemScores: questions(0.1),
    headline: { metric: 'overall', value: 0.6, low: 0.5, high: 0.7 },
    rubric: { auto: { retrieval: { level: 4 }, correctness: { level: 3 } }, reviews: reviews(4, 4), reference: 0.55 },
  },
  {
    candidate: 'bob',
    exercise: 'echo',
    itemScores: questions(0),
    headline: { metric: 'overall', value: 0.5, low: 0.4, high: 0.6 },
    rubric: { auto: { retrieval: { level: 3 }, correctness: { level: 3 } }, reviews: reviews(2, 4), reference: 0.55 },
  },
  {
    candidate: 'cem',
    exercise: 'echo',
    itemScores: questions(-0.2),
    headline: { metric: 'overall', value: 0.3, low: 0.2, high: 0.4 },
    rubric: { auto: { retrieval: { level: 2 }, correctness: { level: 1 } }, reviews: reviews(1, 3), reference: 0.55 },
    flags: [{ code: 'hard-coded-answers', severity: 'critical', message: 'x', zeroed: ['q001'] }],
  },
];

async function makeLoop(): Promise<string> {
  const loop = join(scratch, 'loop');
  const init = await takehome(['loop', 'init', loop, '--exercises', 'echo', '--candidates', 'ada,bob,cem', '--interviewers', 'Ines,Omar']);
  expect(init.code).toBe(0);
  for (const f of FIXTURES) {
    write(join(loop, 'results', 'echo', f.candidate, 'scorecard.json'), JSON.stringify(makeScorecard(f)));
    write(join(loop, 'results', 'echo', f.candidate, 'report.html'), '<p>report</p>');
  }
  write(join(scratch, 'starter', 'src', 'main.ts'), 'console.log("starter");\n');
  // ada and bob hand in the same scorer (bob renamed a variable); cem wrote something else.
  write(join(loop, 'submissions', 'echo', 'ada', 'src', 'score.ts'), SCORER);
  write(join(loop, 'submissions', 'echo', 'bob', 'lib', 'scoring.ts'), SCORER.replaceAll('weightSum', 'wsum'));
  write(join(loop, 'submissions', 'echo', 'cem', 'src', 'cache.ts'), OTHER);
  return loop;
}

describe('takehome compare', async () => {
  const loop = await makeLoop();

  it('over a loop: a plain table within 120 columns, the closest calls, agreement and the similar pair; an HTML page with charts, no script, links to reports', async () => {
    const page = join(scratch, 'pages', 'echo.html');
    const r = await takehome(['compare', '--loop', loop, '--out', page]);
    expect(r.stderr).toMatch(/wrote .*echo\.html/);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.every((l) => l.length <= 120)).toBe(true);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout).toMatch(/^1 +ada +4 +3 +4 +4 /m);
    expect(r.stdout).toMatch(/ada vs bob: P\(ada better\) 1\.00/);
    expect(r.stdout).toMatch(/write-up: alpha -?\d\.\d\d \(under 0\.667: discuss and calibrate\)/);
    expect(r.stdout).toMatch(/ada ~ bob: \d+% shared/);
    expect(r.stdout).not.toMatch(/~ cem/);
    const html = readFileSync(page, 'utf8');
    expect(statSync(page).mode & 0o777).toBe(0o600);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('href="../loop/results/echo/ada/report.html"');
    expect(html).toMatch(/class="num calibrate"/);
    expect(html).toMatch(/hard-coded-answers \(1 zeroed\)/);
  });

  it('--format json and csv: the comparison for other tools', async () => {
    const json = await takehome(['compare', '--loop', loop, '--format', 'json', '--no-similarity']);
    expect(json.code).toBe(0);
    const cmp = JSON.parse(json.stdout);
    expect(cmp.schema).toBe(COMPARISON_SCHEMA);
    expect(cmp.rows.map((r: { name: string }) => r.name)).toEqual(['ada', 'bob', 'cem']);
    expect(cmp.similarity).toBeNull();
    const csv = await takehome(['compare', '--loop', loop, '--format', 'csv', '--no-similarity']);
    const rows = csv.stdout.trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^rank,name,candidate,results,status,variant,total,/);
  });

  it('--blind: pseudonyms from the loop secret in the table and the page, and no name, folder or report link', async () => {
    const page = join(scratch, 'pages', 'blind.html');
    const r = await takehome(['compare', '--loop', loop, '--blind', '--out', page]);
    expect(r.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    for (const text of [r.stdout, html]) {
      expect(text).not.toMatch(/\b(ada|bob|cem)\b/);
      expect(text).toMatch(/anon-[a-z2-7]{8}/);
    }
    expect(html).not.toContain('report.html');
  });

  it('over results folders outside a loop, a colour table on a terminal', async () => {
    const r = await takehome(['compare', join(loop, 'results', 'echo', 'ada'), join(loop, 'results', 'echo', 'bob')], { env: {}, color: true, cwd: scratch });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\u001b[');
    expect(r.stdout).toMatch(/2 candidate\(s\)/);
  });

  it('usage errors exit 2 with the next step', async () => {
    const none = await takehome(['compare'], { cwd: scratch });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no results to compare/);
    expect(none.stderr).toMatch(/next: give results folders/);
    const txt = await takehome(['compare', '--loop', loop, '--out', join(scratch, 'x.txt')]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toMatch(/name the file FILE\.html/);
    const pair = await takehome(['compare', '--loop', loop, '--pair', 'ada,zed']);
    expect(pair.code).toBe(2);
    expect(pair.stderr).toMatch(/the candidates: ada, bob, cem/);
    const mixed = join(scratch, 'mixed');
    write(join(mixed, 'a', 'scorecard.json'), JSON.stringify(makeScorecard({ candidate: 'a', exercise: 'echo' })));
    write(join(mixed, 'b', 'scorecard.json'), JSON.stringify(makeScorecard({ candidate: 'b', exercise: 'other' })));
    const both = await takehome(['compare', mixed]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/scorecards of 2 exercises \(echo, other\)/);
    expect(both.stderr).toMatch(/next: add --exercise echo or --exercise other/);
    const one = await takehome(['compare', mixed, '--exercise', 'echo', '--format', 'json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).notes).toContain('1 result(s) of other exercises left out');
    write(join(scratch, 'bad', 'x', 'scorecard.json'), JSON.stringify({ ...makeScorecard({ candidate: 'x', exercise: 'echo' }), status: 'great' }));
    const bad = await takehome(['compare', join(scratch, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\/x\/scorecard\.json: field status/);
  });
});
