import type { Command } from 'commander';
import type { JudgeFlags } from '../../../graders/rag/judge';

interface GradeFlags extends JudgeFlags {
  exercise: string;
  candidate: string;
  out: string;
  split: string;
  limit?: string;
  secretFile?: string;
  sandbox: string;
  json?: boolean;
}

/** `takehome grade SUBMISSION`: run and score one submission, write scorecard and reports. */
export function gradeCommand(program: Command): void {
  program
    .command('grade')
    .description('grade a submission: writes OUT/scorecard.json, OUT/report.md and OUT/report.html')
    .argument('<submission>', 'the submission folder (holds takehome.json)')
    .requiredOption('--exercise <id>', 'exercise: rag or ml')
    .requiredOption('--candidate <id>', 'candidate id (selects the variant)')
    .requiredOption('--out <dir>', 'where the scorecard and reports go')
    .option('--split <split>', 'question set: hidden (grading) or dev (public)', 'hidden')
    .option('--limit <n>', 'ask only the first N questions')
    .option('--secret-file <file>', 'file holding the secret (default: TAKEHOME_SECRET)')
    .option('--sandbox <mode>', 'auto, isolated (refuse to degrade) or degraded', 'auto')
    .option('--json', 'print the scorecard as JSON')
    .option('--judge <mode>', 'optional LLM judge of RAG answers: none, upstream (asks --judge-model) or replay (from --judge-record: no key, no network)', 'none')
    .option('--judge-model <model>', 'the judge model, for --judge upstream')
    .option('--judge-url <url>', 'OpenAI-compatible base URL of the judge (default: TAKEHOME_UPSTREAM_URL; key: TAKEHOME_UPSTREAM_API_KEY)')
    .option('--judge-samples <n>', 'judge samples per question, median taken (default 3)')
    .option('--judge-temperature <t>', 'judge sampling temperature, 0 to 2 (default 0.7; samples only differ above 0)')
    .option('--judge-record <file>', 'upstream: write every judge request and reply here; replay: read them from here')
    .option('--judge-cache <dir>', 'judge cache folder (default ~/.cache/takehome/judge)')
    .addHelpText('after', '\nLLM judge (RAG): --judge upstream --judge-model M grades each answerable question for correctness and\nfaithfulness (0-4, median of --judge-samples, "unstable" when samples straddle the pass mark 3/4).\nCandidate text goes in as escaped data between nonce markers; answers that address the judge are\nflagged injection-attempt. Add --judge-record FILE to regrade later with --judge replay --judge-record FILE.')
    .action(async (submission: string, flags: GradeFlags) => {
      const { UsageError } = await import('../../errors');
      const { runGrade } = await import('../grade-run');
      const { parseJudgeFlags } = await import('../../../graders/rag/judge');
      if (flags.exercise !== 'rag' && flags.exercise !== 'ml') {
        throw new UsageError(`cannot grade exercise "${flags.exercise}"`, { hint: 'valid exercises for grade: rag, ml' });
      }
      if (!['hidden', 'dev'].includes(flags.split)) throw new UsageError(`--split ${flags.split}: valid values are hidden, dev`);
      if (!['auto', 'isolated', 'degraded'].includes(flags.sandbox)) throw new UsageError(`--sandbox ${flags.sandbox}: valid values are auto, isolated, degraded`);
      if (flags.exercise === 'ml') {
        if (flags.judge !== undefined && flags.judge !== 'none') throw new UsageError('--judge applies to --exercise rag only', { hint: 'drop --judge for ml' });
        const { runGradeMl } = await import('../grade-ml-run');
        process.exitCode = await runGradeMl({ submission, candidate: flags.candidate, out: flags.out, secretFile: flags.secretFile, sandbox: flags.sandbox as 'auto' | 'isolated' | 'degraded', json: flags.json ?? false });
        return;
      }
      const limit = flags.limit === undefined ? undefined : Number(flags.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit ${flags.limit}: must be a whole number of at least 1`);
      process.exitCode = await runGrade({
        submission,
        candidate: flags.candidate,
        out: flags.out,
        split: flags.split as 'hidden' | 'dev',
        limit,
        secretFile: flags.secretFile,
        sandbox: flags.sandbox as 'auto' | 'isolated' | 'degraded',
        json: flags.json ?? false,
        judge: parseJudgeFlags(flags, process.env),
      });
    });
}
