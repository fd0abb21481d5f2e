// Submission folders built to hang, crash or bloat the grader: each ends in bounded time, with a
// scorecard (or, for a takehome.json that cannot be read, exit 1 and a message) saying what happened.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClaimsDataset, type ClaimsDataset } from '../datasets/claims';
import { gradeMl } from '../graders/ml/grade';
import { EXAMPLE_ML_REPORT } from '../graders/ml/report';
import { gradeRag } from '../graders/rag/grade';
import { scorecardSchema } from '../harness/scorecard';
import { DEMO_SECRET, deriveCandidateSeed } from '../harness/secrets';
import { useTempDirs } from './test-helpers';
import { runTakehome } from './test-helpers';

const tempDir = useTempDirs();

const takehome = (args: string[]) => runTakehome(args, { TAKEHOME_SECRET: 'hostile-folder-secret-0123456789' });

describe('takehome.json that is not a regular file', () => {
  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path]), /must be a regular file: is a FIFO/],
    ['a link to /etc/passwd', (path: string) => symlinkSync('/etc/passwd', path), /is a symbolic link/],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), /is a symbolic link/],
  ])('%s: exit 1 at once, naming the file, showing nothing of the target', async (_name, make, message) => {
    const sub = tempDir('takehome-hostile-');
    make(join(sub, 'takehome.json'));
    const out = join(tempDir('takehome-hostile-out-'), 'x');
    const r = await takehome(['grade', sub, '--exercise', 'rag', '--candidate', 'ada', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/root:/);
  });
});

describe('a submission too deep to copy', () => {
  it('RAG: graded invalid with the limit named, nothing run', async () => {
    const sub = tempDir('takehome-hostile-');
    writeFileSync(join(sub, 'takehome.json'), JSON.stringify({ exercise: 'rag', ingest: 'true', answer: 'cat' }));
    mkdirSync(join(sub, ...Array.from({ length: 45 }, () => 'd')), { recursive: true });
    const sc = scorecardSchema.parse(await gradeRag({ submissionDir: sub, secret: 'hostile-secret-0123456789', candidate: 'deep', split: 'dev', limit: 2 }));
    expect(sc.status).toBe('invalid');
    expect(sc.problems[0]).toMatch(/too big to copy: .* more than 40 folders deep/);
  });
});

describe('ML result files that are not regular files', () => {
  let dataset: ClaimsDataset;
  beforeAll(() => {
    dataset = generateClaimsDataset(deriveCandidateSeed(DEMO_SECRET, 'ml', 'demo-candidate'));
  });

  it('a FIFO predictions.csv and a report.json linked to /etc/passwd: invalid, each named, nothing blocks', async () => {
    const sub = tempDir('takehome-hostile-');
    execFileSync('mkfifo', [join(sub, 'predictions.csv')]);
    symlinkSync('/etc/passwd', join(sub, 'report.json'));
    const sc = scorecardSchema.parse(await gradeMl({ submissionDir: sub, secret: DEMO_SECRET, candidate: 'demo-candidate', dataset, replicates: 50 }));
    expect(sc.status).toBe('invalid');
    expect(sc.problems.join('\n')).toMatch(/predictions\.csv is a FIFO, not a regular file/);
    expect(sc.problems.join('\n')).toMatch(/report\.json .*symbolic link/);
    expect(JSON.stringify(sc)).not.toMatch(/root:/);
  });

  it('a report.json over its cap is refused before it is parsed, so it never reaches the scorecard', async () => {
    const sub = tempDir('takehome-hostile-');
    const big = { ...EXAMPLE_ML_REPORT, notes: 'x'.repeat(2 * 1024 * 1024) };
    writeFileSync(join(sub, 'report.json'), JSON.stringify(big));
    writeFileSync(join(sub, 'predictions.csv'), `claim_id,probability\n${dataset.hidden.testIds.map((id) => `${id},0.1`).join('\n')}\n`);
    const sc = scorecardSchema.parse(await gradeMl({ submissionDir: sub, secret: DEMO_SECRET, candidate: 'demo-candidate', dataset, replicates: 50 }));
    expect(sc.status).toBe('invalid');
    expect(sc.problems.join('\n')).toMatch(/report\.json is \d+ bytes, over the 1048576-byte cap/);
    expect(JSON.stringify(sc).length).toBeLessThan(200_000);
    expect(readFileSync(join(sub, 'report.json')).length).toBeGreaterThan(2 * 1024 * 1024);
  });
});
