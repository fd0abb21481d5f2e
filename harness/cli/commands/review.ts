import { type Command, Option } from 'commander';
import { UsageError } from '../../errors';
import type { Loop } from '../../loop';
import { act, type CliContext, loadExercise, type Prompts, resolveLoop } from '../context';

interface ReviewFlags {
  exercise?: string;
  interviewer: string;
  from?: string;
  show?: boolean;
  submission?: string;
  blind: boolean;
  loop?: string;
  secretFile?: string;
  json?: boolean;
}

/** What review and score need first: a loop, its secret, and the exercise (the flag, or the loop's only one). */
export async function loopSetup(context: CliContext, flags: { loop?: string | undefined; secretFile?: string | undefined; exercise?: string | undefined }, command: string) {
  const loop = await resolveLoop(context, flags);
  if (!loop) throw new UsageError(`${command} works in a hiring loop`, { hint: 'run it inside a loop folder or pass --loop DIR (create one with: takehome loop init DIR)' });
  const { resolveSecret } = await import('../../secrets');
  const secret = resolveSecret({ secretFile: flags.secretFile ?? loop.secretFile, env: context.io.env });
  if (flags.exercise !== undefined && !loop.config.exercises.includes(flags.exercise))
    throw new UsageError(`exercise "${flags.exercise}" is not part of the loop in ${loop.dir}`, { hint: `the loop's exercises: ${loop.config.exercises.join(', ')}` });
  return { loop, secret: secret.value };
}

function checkInterviewer(loop: Loop, name: string): void {
  if (loop.config.interviewers.length > 0 && !loop.config.interviewers.includes(name))
    throw new UsageError(`interviewer "${name}" is not in the loop in ${loop.dir}`, {
      hint: `the loop's interviewers: ${loop.config.interviewers.join(', ')}; add the name to takehome.loop.yaml if it is new`,
    });
}

/** Ask a level and a note for each manual criterion on a terminal; nothing is saved until the interviewer confirms. */
async function askLevels(prompts: Prompts, view: import('../../exercise').ReviewView) {
  const names = ['', 'strong no', 'no', 'yes', 'strong yes'];
  const answers: { criterion: string; level: number; note: string }[] = [];
  for (const c of view.manual) {
    const level = await prompts.select<number>({
      message: `${c.title}: level?`,
      choices: ([1, 2, 3, 4] as const).map((l) => ({ name: `${l} ${names[l]}: ${c.levels[l]}`, value: l })),
      ...(c.own ? { default: c.own.level } : {}),
    });
    const note = await prompts.input({
      message: `${c.title}: why (a note for the other interviewers)?`,
      ...(c.own ? { default: c.own.note } : {}),
      validate: (v) => v.trim().length > 0 || 'a note is required',
    });
    answers.push({ criterion: c.criterion, level, note: note.trim() });
  }
  return (await prompts.confirm({ message: `save these ${answers.length} level(s)?`, default: true })) ? answers : [];
}

/** `takehome review CANDIDATE`: an interviewer's levels and notes on the manual criteria, blind by default. */
export function reviewCommand(program: Command, context: CliContext): void {
  program
    .command('review')
    .description(
      "an interviewer's review: shows the manual criteria with their guidance, the automatic evidence and the submission to read (blind by default: a pseudonym and an anonymised copy), then records a level (1-4) and a note per criterion: prompts on a terminal, else --from FILE.yaml. Reviews are append-only (LOOP/reviews/); other interviewers' levels show once yours are saved",
    )
    .argument('<candidate>', "the candidate's id or pseudonym")
    .addOption(new Option('--exercise <id>', 'the exercise (in a loop of one exercise: that one)').choices(Object.keys(context.exercises)))
    .requiredOption('--interviewer <name>', "who reviews (one of the loop's interviewers)")
    .option('--from <file>', 'read the levels from YAML: levels: { CRITERION: { level: 1-4, note: "..." } }')
    .option('--show', 'show what there is to review, record nothing')
    .option('--submission <dir>', 'the submission to review (default: LOOP/submissions/EXERCISE/CANDIDATE)')
    .option('--no-blind', "show the candidate's id and the submission as sent (names, emails, git history)")
    .option('--loop <dir>', 'the hiring loop (default: the loop folder you are in)')
    .option('--secret-file <file>', "file holding the secret (default: the loop's)")
    .option('--json', 'machine-readable output')
    .action(
      act(context, async (name: string, flags: ReviewFlags) => {
        const { io } = context;
        const { loop, secret } = await loopSetup(context, flags, 'review');
        const exerciseId = flags.exercise ?? (loop.config.exercises.length === 1 ? loop.config.exercises[0] : undefined);
        if (exerciseId === undefined) throw new UsageError('--exercise is required', { hint: `the loop's exercises: ${loop.config.exercises.join(', ')}` });
        checkInterviewer(loop, flags.interviewer);
        const { prepareReview, recordReview, renderOthers, renderReviewView, resolveCandidate } = await import('../../exercise');
        const candidate = resolveCandidate(loop, secret, name);
        const exercise = await loadExercise(context, exerciseId);
        const session = {
          exercise,
          loop,
          secret,
          candidate,
          interviewer: flags.interviewer,
          blind: flags.blind,
          submissionDir: flags.submission,
          env: io.env,
          log: flags.json ? undefined : (l: string) => io.err(`${l}\n`),
        };
        let reviews: { criterion: string; level: number; note: string }[] = [];
        let prompted = false;
        if (flags.from) {
          const { readReviewInput } = await import('../../review');
          const before = await prepareReview(session);
          reviews = await readReviewInput(flags.from, { manual: before.manual.map((c) => c.criterion), candidateNames: [candidate, before.pseudonym], interviewer: flags.interviewer });
        } else if (!flags.show) {
          if (!io.interactive && !io.prompts)
            throw new UsageError('not a terminal: nothing to prompt on', {
              hint: 'pass --from FILE.yaml (levels: { CRITERION: { level: 1-4, note: "..." } }), or --show to see what there is to review',
            });
          const view = await prepareReview(session);
          io.out(`${renderReviewView(view)}\n\n`);
          prompted = true;
          reviews = await askLevels(io.prompts ?? ((await import('@inquirer/prompts')) as unknown as Prompts), view);
          if (reviews.length === 0) {
            io.out('nothing saved\n');
            return 0;
          }
        }
        const saved = reviews.length ? await recordReview(session, reviews) : [];
        const view = await prepareReview(session);
        if (flags.json) io.out(`${JSON.stringify({ saved, view }, null, 2)}\n`);
        else {
          // On a terminal the view was shown before the prompts: now only what saving revealed.
          io.out(`${prompted ? renderOthers(view) : renderReviewView(view)}\n`);
          if (saved.length)
            io.out(
              `saved ${saved.length} level(s) for ${view.shownAs} by ${flags.interviewer}${saved.some((s) => s.supersedes) ? ' (superseding earlier ones; the history stays)' : ''}; run takehome score to merge them\n`,
            );
        }
        return 0;
      }),
    );
}
