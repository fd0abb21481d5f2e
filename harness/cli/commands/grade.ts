import { type Command, Option } from 'commander';
import { act, type CliContext } from '../context';
import type { GradeFlags } from './grade-run';

/** `takehome grade SUBMISSION`: run and score one submission, write scorecard and reports. */
export function gradeCommand(program: Command, context: CliContext): void {
  program
    .command('grade')
    .description(
      'grade a submission: writes OUT/scorecard.json (with the graded commit and content hash), OUT/report.md and OUT/report.html, and appends to OUT/history.jsonl; never replaces a result without --force',
    )
    .argument('<submission>', "the candidate's repository: a folder, a git bundle, or a tar, tar.gz or zip archive of it (with .git)")
    .addOption(new Option('--exercise <id>', "the exercise (default: the one the kit's takehome.kit.json names; in a loop of one exercise: that one)").choices(Object.keys(context.exercises)))
    .option('--candidate <id>', "candidate id, which selects the variant (default: the one the kit's takehome.kit.json names; refused if it names another)")
    .option('--out <dir>', 'where the scorecard and reports go (in a loop: LOOP/results/EXERCISE/CANDIDATE)')
    .option('--loop <dir>', 'the hiring loop (default: the loop folder you are in, if any)')
    .addOption(new Option('--split <split>', 'question set: hidden (grading) or dev (public); rag only').choices(['hidden', 'dev']).default('hidden'))
    .option('--limit <n>', 'ask only the first N questions (rag)')
    .option('--secret-file <file>', "file holding the secret (default: the loop's, else TAKEHOME_SECRET)")
    .addOption(new Option('--sandbox <mode>', 'isolated refuses to degrade').choices(['auto', 'isolated', 'degraded']).default('auto'))
    .option('--json', 'print the scorecard as JSON')
    .option('--force', 'grade into a folder that already holds a result: the previous one is kept in OUT/previous/N/')
    .addOption(
      new Option('--judge <mode>', 'optional LLM judge of RAG answers: upstream asks --judge-model, replay reads --judge-record (no key, no network)')
        .choices(['none', 'upstream', 'replay'])
        .default('none'),
    )
    .option('--judge-model <model>', 'the judge model, for --judge upstream')
    .option('--judge-url <url>', 'OpenAI-compatible base URL of the judge (default: TAKEHOME_UPSTREAM_URL; key: TAKEHOME_UPSTREAM_API_KEY)')
    .option('--judge-samples <n>', 'judge samples per question, median taken (default 3)')
    .option('--judge-temperature <t>', 'judge sampling temperature, 0 to 2 (default 0.7; samples only differ above 0)')
    .option('--judge-record <file>', 'upstream: write every judge request and reply here; replay: read them from here')
    .option('--judge-cache <dir>', 'judge cache folder (default ~/.cache/takehome/judge)')
    .addHelpText(
      'after',
      '\nLLM judge (RAG): --judge upstream --judge-model M grades each answerable question for correctness and\nfaithfulness (0-4, median of --judge-samples, "unstable" when samples straddle the pass mark 3/4).\nCandidate text goes in as escaped data between nonce markers; answers that address the judge are\nflagged injection-attempt. Add --judge-record FILE to regrade later with --judge replay --judge-record FILE.',
    )
    .action(
      act(context, async (submission: string, flags: GradeFlags) => {
        const { runGradeCommand } = await import('./grade-run');
        return runGradeCommand(context, submission, flags);
      }),
    );
}
