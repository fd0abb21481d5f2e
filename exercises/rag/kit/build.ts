import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { buildQuestionPool, countWords, QUESTION_CATEGORIES, renderCorpus, splitQuestions, type RagQuestion } from '../../../corpora';
import { OFFLINE_OUTSIDE_OVERALL, ragMetrics, REFUSAL_WEIGHT } from '../../../graders/rag/aggregate';
import { MAX_BARE_NUMBERS, MAX_FACT_CHARS, MAX_SAME_FORM, MAX_SAME_FORM_MONEY } from '../../../graders/rag/facts';
import { ANSWER_WEIGHTS, MAX_QUOTE_SHARE, MIN_QUOTE_WORDS } from '../../../graders/rag/score';
import { loadModelMap } from '../../../harness/gateway';
import { RandomStream } from '../../../harness/secrets/random';
import type { CandidateSeed } from '../../../harness/secrets';
import { assertEmptyOrAbsent, withKitIdentity, writeKitRepository, type KitFiles } from '../../../harness/kit';
import { publicRubricFile } from '../../../harness/rubric';
import { RAG_METRICS } from '../../../graders/rag/metric-names';
import { bundleCheckTool } from './bundle';
import { KIT_EXAMPLE_RAG_REPORT } from './example';
import { CLAIMED_METRICS, RAG_REPORT_SCHEMA_ID, ragReportJsonSchema } from '../../../graders/rag/report';
import { MAX_EVAL_QUESTIONS, MAX_EVAL_SETS } from '../../../graders/rag/evals';
import { CLAIM_TOLERANCE, ESTIMATE_MARGIN, FAILURE_BELOW } from '../../../graders/rag/self-assessment';
import { prunedLockfile } from './lockfile';
import { defaultAnswerLimits } from '../../../graders/rag/loop';

const HARNESS_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const STARTER_DIR = join(HARNESS_ROOT, 'exercises', 'rag', 'starter');
export const BRIEF_TEMPLATE = join(HARNESS_ROOT, 'exercises', 'rag', 'brief', 'README.md.mustache');

/** Same as the grader's default per-question timeout (graders/rag/grade.ts). */
const PER_QUESTION_SECONDS = 20;

/** Files of the starter project, minus what a local try-out may have left there. */
async function starterFiles(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (['node_modules', '.index', '.git'].includes(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.set(relative(STARTER_DIR, full).split(sep).join('/'), await readFile(full, 'utf8'));
    }
  }
  await walk(STARTER_DIR);
  return out;
}

const withLast = <T extends object>(items: T[]) => items.map((item, i) => ({ ...item, last: i === items.length - 1 }));

/** How many questions of each category a set holds, and how many question families (forms) each category's questions come from. */
function perCategory(questions: readonly RagQuestion[]): { count: Map<string, number>; families: Map<string, Set<string>> } {
  const count = new Map<string, number>();
  const families = new Map<string, Set<string>>();
  for (const q of questions) {
    count.set(q.category, (count.get(q.category) ?? 0) + 1);
    if (!families.has(q.category)) families.set(q.category, new Set());
    families.get(q.category)?.add(q.id.replace(/-\d{2}$/, ''));
  }
  return { count, families };
}

/** The grading rules the brief states, from the grader's own constants and the candidate's question split, so they never drift. */
export function gradingView(dev: readonly RagQuestion[], hidden: readonly RagQuestion[], pool: readonly RagQuestion[]) {
  const d = perCategory(dev);
  const h = perCategory(hidden);
  const devFamilies = new Set(dev.map((q) => q.id.replace(/-\d{2}$/, '')));
  const numericPool = perCategory(pool.filter((q) => !devFamilies.has(q.id.replace(/-\d{2}$/, '')))).families.get('numeric-reasoning');
  const pct = (x: number) => Math.round(x * 100);
  return {
    hiddenCount: hidden.length,
    mix: QUESTION_CATEGORIES.map((category) => ({ category, dev: d.count.get(category) ?? 0, hidden: h.count.get(category) ?? 0, outside: OFFLINE_OUTSIDE_OVERALL.includes(category) })),
    numericDevFamilies: d.families.get('numeric-reasoning')?.size ?? 0,
    numericHiddenFamilies: numericPool?.size ?? 0,
    // Thousands with a comma, by hand (Intl output depends on the machine's ICU data).
    maxFactChars: String(MAX_FACT_CHARS).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
    maxSameForm: MAX_SAME_FORM,
    maxSameFormMoney: MAX_SAME_FORM_MONEY,
    maxBareNumbers: MAX_BARE_NUMBERS,
    minQuoteWords: MIN_QUOTE_WORDS,
    maxQuoteSharePct: pct(MAX_QUOTE_SHARE),
    factsWeight: ANSWER_WEIGHTS.facts,
    recallWeight: ANSWER_WEIGHTS.citationRecall,
    precisionWeight: ANSWER_WEIGHTS.citationPrecision,
    answerPct: pct(1 - REFUSAL_WEIGHT),
    refusalPct: pct(REFUSAL_WEIGHT),
  };
}

/** The brief: task, protocol, packages, and the public metrics and grading rules taken from the grader itself, so they never drift. */
async function renderBrief(view: {
  candidate: string;
  fingerprint: string;
  docCount: number;
  wordCount: number;
  devCount: number;
  packages: Record<string, string>;
  grading: ReturnType<typeof gradingView>;
}): Promise<string> {
  const template = await readFile(BRIEF_TEMPLATE, 'utf8');
  const metrics = ragMetrics([], { k: 5, stream: new RandomStream(Buffer.from('takehome.brief'), 'brief') });
  const models = await loadModelMap();
  const offered = (kind: 'chat' | 'embedding') =>
    withLast(
      Object.entries(models.models)
        .filter(([, m]) => m.kind === kind && m.upstream !== undefined)
        .map(([name]) => ({ name })),
    );
  return Mustache.render(
    template,
    {
      ...view,
      ...view.grading,
      reportSchemaId: RAG_REPORT_SCHEMA_ID,
      claimedMetrics: withLast(CLAIMED_METRICS.map((name) => ({ name }))),
      maxEvalSets: MAX_EVAL_SETS,
      maxEvalQuestions: MAX_EVAL_QUESTIONS,
      estimateMargin: ESTIMATE_MARGIN,
      failureBelow: FAILURE_BELOW,
      claimTolerance: CLAIM_TOLERANCE,
      // Thousands with a comma, by hand: Intl output depends on the ICU data of the machine.
      wordCount: `${Math.round(view.wordCount / 1000)},000`,
      perQuestionSeconds: PER_QUESTION_SECONDS,
      startupSeconds: defaultAnswerLimits(PER_QUESTION_SECONDS * 1000, 1).startupTimeoutMs / 1000,
      maxConsecutiveFailures: defaultAnswerLimits(PER_QUESTION_SECONDS * 1000, 1).maxConsecutiveFailures,
      maxRestarts: defaultAnswerLimits(PER_QUESTION_SECONDS * 1000, 1).maxRestarts,
      packages: Object.entries(view.packages).map(([name, version]) => ({ name, version })),
      categories: withLast(QUESTION_CATEGORIES.map((name) => ({ name }))),
      metrics: Object.entries(metrics).map(([name, m]) => ({ name, direction: m.direction, description: m.description })),
      chatModels: offered('chat'),
      embeddingModels: offered('embedding'),
    },
    {},
    { escape: (text: unknown) => String(text) },
  );
}

/**
 * Every file of one candidate's RAG kit: the brief, the starter project, the
 * candidate's rendered corpus, the public dev questions with their answers,
 * the bundled check tool, and takehome.kit.json (whose kit it is). Nothing
 * hidden: no hidden question, no seed, no reference solution. Same seed, same bytes.
 */
export async function buildRagKit(seed: CandidateSeed): Promise<KitFiles> {
  const corpus = renderCorpus(seed);
  const pool = buildQuestionPool(seed);
  const { dev, hidden } = splitQuestions(seed, pool);
  const starter = await starterFiles();
  const pkg = JSON.parse(starter.get('package.json') ?? '{}') as { dependencies?: Record<string, string> };
  const files = new Map<string, string>(starter);
  files.set(
    'README.md',
    await renderBrief({
      candidate: seed.candidate,
      fingerprint: seed.fingerprint,
      docCount: corpus.docs.length,
      wordCount: corpus.docs.reduce((n, d) => n + countWords(d.markdown), 0),
      devCount: dev.length,
      packages: pkg.dependencies ?? {},
      grading: gradingView(dev, hidden, pool),
    }),
  );
  files.set('RUBRIC.md', await publicRubricFile(join(HARNESS_ROOT, 'exercises', 'rag', 'rubric.yaml'), { exercise: 'rag', metrics: RAG_METRICS }, 'RAG take-home'));
  files.set('.gitignore', 'node_modules/\n.index/\n');
  for (const doc of corpus.docs) files.set(`corpus/${doc.path}`, doc.markdown);
  files.set('dev/questions.jsonl', `${dev.map((q) => JSON.stringify(q)).join('\n')}\n`);
  files.set('report.schema.json', `${JSON.stringify(ragReportJsonSchema(), null, 2)}\n`);
  files.set('report.example.json', `${JSON.stringify(KIT_EXAMPLE_RAG_REPORT, null, 2)}\n`);
  files.set('tools/check.mjs', await bundleCheckTool());
  const lock = await prunedLockfile(starter.get('package.json') ?? '{}');
  if (lock) files.set('package-lock.json', lock);
  return withKitIdentity(files, seed);
}

/** Write the kit as a new git repository (refuses a non-empty folder). */
export async function writeRagKit(out: string, seed: CandidateSeed): Promise<{ commit: string; files: number }> {
  await assertEmptyOrAbsent(out);
  const files = await buildRagKit(seed);
  const { commit } = await writeKitRepository(out, files, `RAG take-home kit for ${seed.candidate} (variant ${seed.fingerprint})`);
  return { commit, files: files.size };
}
