import { gradeMl } from '../../graders/ml/grade';
import { renderComparisonTable, writeGradeOutputs } from '../report';
import { prepareGrading } from './grade-run';

export interface GradeMlRunOptions {
  submission: string;
  candidate: string;
  out: string;
  secretFile: string | undefined;
  sandbox: 'auto' | 'isolated' | 'degraded';
  json: boolean;
}

/**
 * `takehome grade --exercise ml`: grade, write the outputs atomically, print
 * a summary. Returns 1 when the submission is invalid (its problems printed),
 * 0 when graded.
 */
export async function runGradeMl(options: GradeMlRunOptions): Promise<number> {
  const { secret, out, hidePaths } = await prepareGrading(options);
  const scorecard = await gradeMl({
    submissionDir: options.submission,
    secret,
    candidate: options.candidate,
    sandboxMode: options.sandbox,
    hidePaths,
    log: options.json ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  const paths = await writeGradeOutputs(out, scorecard);
  if (options.json) process.stdout.write(`${JSON.stringify(scorecard, null, 2)}\n`);
  else {
    if (scorecard.status !== 'graded') {
      process.stderr.write(`the submission is ${scorecard.status}:\n${scorecard.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    } else {
      process.stdout.write(`${renderComparisonTable([{ label: options.candidate, scorecard }], ['average_precision', 'roc_auc', 'log_loss', 'ece_uniform', 'traps_fell_for', 'traps_avoided'])}\n`);
      for (const f of scorecard.flags) process.stdout.write(`flag ${f.code}: ${f.message}\n`);
    }
    process.stdout.write(`wrote ${paths.scorecard}, ${paths.markdown}, ${paths.html}\n`);
  }
  return scorecard.status === 'graded' ? 0 : 1;
}
