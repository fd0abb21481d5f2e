import type { Flag, ScorecardItem, Verdict } from '../../harness/scorecard';
import { forEachSourceLine, isDocumentation, MAX_FINDINGS, secretAccessFlag, secretAccessRules, type ScanStats, type SourceFinding } from '../../harness/submission/scan';
import { containsWords, normaliseText, plainWords } from './facts';
import { detectJudgeInjection } from './judge/detect';
import type { PipelineAnswer, QuestionScore } from './score';

/**
 * Integrity checks of a RAG submission: what a cheating candidate leaves in
 * the source (reads of the grading secret or key, hard-coded dev answers, text
 * aimed at a grader) and in the answers (a dev answer replayed to a hidden
 * question, text addressed to a grader, answers produced with no model call).
 * Only the submission's files are read, as text; nothing of it runs here.
 */

export interface SourceScan {
  filesScanned: number;
  /** Reads of what the sandbox hides, in code (a flag). */
  /** Files copied into the sandbox that could not be (fully) scanned, with why. */
  unscannable: ScanStats['unscannable'];
  secretAccess: SourceFinding[];
  /** The same words in notes, documentation or comments: evidence only. */
  secretAccessInNotes: SourceFinding[];
  graderAddressing: SourceFinding[];
  /** Dev questions written into code or data files (evidence; a flag only with answer-time evidence). */
  devQuestions: SourceFinding[];
  /** Dev questions quoted in notes, documentation or comments: evidence, never a flag. */
  devQuestionsInNotes: SourceFinding[];
}

const NOTES_FILE = /\.(?:md|markdown|mdx|txt|rst|adoc)$/i;
const HASH_COMMENTS = /(?:\.(?:py|sh|bash|zsh|ya?ml|toml|rb|r|pl|ini|cfg|conf|env)|(?:^|\/)(?:Dockerfile|Makefile|\.gitignore|[^./]+))$/i;

/**
 * The part of a source line that is code: '' for notes and documentation
 * files (Markdown, text) and for comment lines; a line's code before a
 * trailing comment. A heuristic over text (strings holding "//" after a ':'
 * such as URLs stay code): what it calls a comment can only lower a finding
 * to evidence, never raise one.
 */
export function codePart(file: string, text: string): string {
  if (NOTES_FILE.test(file)) return '';
  const t = text.trimStart();
  const hash = HASH_COMMENTS.test(file);
  if (/^(?:\/\/|\/\*|\*|<!--|--\s)/.test(t) || (hash && t.startsWith('#'))) return '';
  return hash ? text.replace(/\s#.*$/, '') : text.replace(/(?<![:'"\\])\/\/.*$/, '').replace(/\/\*.*?(?:\*\/|$)/g, '');
}

/**
 * Scan every file of the submission the sandbox copies (harness/submission/scan.ts:
 * binaries, big files and dist/ included, symlinks not followed, what cannot be
 * scanned listed; EXCLUDE = the grader's excludeFromCopy). DEV_QUESTIONS are the
 * candidate's public dev questions: a copy of the kit's dev file is expected
 * and not counted; dev questions in code or data files are kept apart from
 * those quoted in notes, documentation or comments (which the brief asks for).
 */
export async function scanSubmissionSource(root: string, options: { devQuestions: readonly string[]; exclude?: readonly string[] }): Promise<SourceScan> {
  const scan: SourceScan = { filesScanned: 0, unscannable: [], secretAccess: [], secretAccessInNotes: [], graderAddressing: [], devQuestions: [], devQuestionsInNotes: [] };
  const devQuestions = options.devQuestions.map(plainWords).filter((q) => q.length >= 20);
  const push = (list: SourceFinding[], finding: SourceFinding) => {
    if (list.length < MAX_FINDINGS) list.push(finding);
  };
  const stats = await forEachSourceLine(
    root,
    (file, line, text) => {
      // A mention in documentation is evidence for the interviewer, never a flag (harness/submission/scan.ts).
      const at = { file, line, ...(isDocumentation(file) ? { documentation: true } : {}) };
      const excerpt = text.trim().slice(0, 160);
      const code = codePart(file, text);
      for (const rule of secretAccessRules(text)) push(secretAccessRules(code).includes(rule) ? scan.secretAccess : scan.secretAccessInNotes, { ...at, rule, excerpt });
      const addressed = detectJudgeInjection([text])[0];
      if (addressed) push(scan.graderAddressing, { ...at, rule: addressed.rule, excerpt });
      if (!/(^|\/)dev\/questions\.jsonl$/.test(file)) {
        const words = plainWords(text);
        if (devQuestions.some((q) => containsWords(words, q))) {
          const inCode = code !== '' && devQuestions.some((q) => containsWords(plainWords(code), q));
          push(inCode ? scan.devQuestions : scan.devQuestionsInNotes, {
            ...at,
            rule: inCode ? 'holds a dev question verbatim in code or data' : 'quotes a dev question in notes or a comment',
            excerpt,
          });
        }
      }
    },
    options.exclude ? { exclude: options.exclude } : {},
  );
  scan.filesScanned = stats.scanned;
  scan.unscannable = stats.unscannable;
  return scan;
}

export interface DevAnswer {
  id: string;
  answer: string;
}

/**
 * The first way ANSWER (its text and its citation quotes) talks to a grader,
 * from the LLM judge's deterministic detector (graders/rag/judge/detect.ts),
 * or null. Sentences the corpus holds word for word (INCORPUS) do not count:
 * repeating a planted document injection is a different failure, scored as
 * such.
 */
export function answerAddressesGrader(answer: string, quotes: readonly string[], inCorpus: (sentence: string) => boolean): string | null {
  const finding = detectJudgeInjection([answer, ...quotes], inCorpus)[0];
  return finding ? `${finding.rule}: ${finding.excerpt}` : null;
}

/** A dev reference answer shorter than this (words) is too generic to call a replay. */
const MIN_REPLAY_WORDS = 5;

/**
 * The dev question whose reference answer TEXT reproduces verbatim (a lookup
 * table replayed), or null. Both sides are compared as plainWords, the form
 * quotes and corpus sentences are compared in, so Markdown or punctuation
 * neither hides a replay nor makes one.
 */
export function replayedDevAnswer(text: string, devAnswers: readonly DevAnswer[], ownId: string): DevAnswer | null {
  const words = plainWords(text);
  for (const dev of devAnswers) {
    if (dev.id === ownId) continue;
    const reference = plainWords(dev.answer);
    if (reference.length >= 20 && reference.split(' ').length >= MIN_REPLAY_WORDS && containsWords(words, reference)) return dev;
  }
  return null;
}

/**
 * An answer that fails integrity scores 0 whatever it states: a replayed dev
 * answer is not the pipeline's work, and an answer that talks to the grader is
 * an attempt on the grade. The verdict says which, with the evidence.
 */
export function failIntegrity(score: QuestionScore, reason: string): QuestionScore {
  const integrity: Verdict = { pass: false, score: 0, reason };
  return { ...score, score: 0, verdicts: { ...score.verdicts, integrity } };
}

/**
 * Tells whether a sentence stands word for word in the corpus, as written or
 * as rendered (plainWords on both sides: Markdown markup, link URLs and
 * punctuation do not count; at least 12 characters). The corpus text is built
 * on the first call: most answers never need it.
 */
export function corpusMembership(docs: Iterable<string>): (sentence: string) => boolean {
  let rendered: string | undefined;
  let raw: string | undefined;
  const rawWords = (text: string) => (normaliseText(text).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
  return (sentence) => {
    const words = plainWords(sentence);
    if (words.length < 12) return false;
    if (rendered === undefined) {
      const all = [...docs];
      rendered = all.map(plainWords).join(' \n ');
      raw = all.map(rawWords).join(' \n ');
    }
    return containsWords(rendered, words) || containsWords(raw as string, rawWords(sentence));
  };
}

/**
 * The answer checks of one grading run, shared by the grader and the kit's
 * check so both score an answer alike: a doctored answer scores 0 with an
 * `integrity` verdict, and the tally keeps the evidence for the flags.
 * DEV_ANSWERS are the dev reference answers a hidden answer must not replay
 * (none on the dev set, where repeating them is the point).
 */
export class AnswerIntegrity {
  readonly tally: IntegrityTally = { replayed: [], addressed: [], noModelCall: [], answered: 0 };
  private readonly devAnswers: readonly DevAnswer[];

  constructor(
    private readonly inCorpus: (sentence: string) => boolean,
    devAnswers: readonly DevAnswer[],
  ) {
    // A dev answer the corpus states word for word is what an honest extractive
    // pipeline may say too: only the others are evidence of a replayed table.
    this.devAnswers = devAnswers.filter((d) => !inCorpus(d.answer));
  }

  /** SCORE, failed when ANSWER talks to a grader or replays a dev answer; MODEL_CALLS counts its gateway calls. */
  check(id: string, answer: PipelineAnswer, score: QuestionScore, modelCalls: number): QuestionScore {
    if (answer.status !== 'ok') return score;
    const replayed = replayedDevAnswer(answer.answer, this.devAnswers, id);
    const phrase = answerAddressesGrader(
      answer.answer,
      answer.citations.map((c) => c.quote),
      this.inCorpus,
    );
    if (replayed) this.tally.replayed.push({ id, devId: replayed.id });
    if (phrase) this.tally.addressed.push({ id, phrase });
    if (!answer.refused) {
      this.tally.answered += 1;
      if (modelCalls === 0) this.tally.noModelCall.push(id);
    }
    if (phrase) return failIntegrity(score, `the answer addresses the grader ("${phrase.slice(0, 80)}")`);
    if (replayed) return failIntegrity(score, `the answer replays the reference answer of dev question ${replayed.id} verbatim`);
    return score;
  }
}

export interface IntegrityTally {
  replayed: { id: string; devId: string }[];
  addressed: { id: string; phrase: string }[];
  /** Answered (not refused) questions that made no gateway call at all. */
  noModelCall: string[];
  answered: number;
}

/** Share of answered questions made with no model call above which that is reported. */
const NO_CALL_SHARE = 0.05;

const sample = <T>(list: readonly T[]) => list.slice(0, MAX_FINDINGS);
const where = (f: SourceFinding) => `${f.file}:${f.line}`;

/**
 * The scorecard flags that SCAN and TALLY support, each with its evidence,
 * the items it scored 0 and what the candidate can be told. Only answers can
 * raise a critical flag: source lines (dev questions in notes, comments or
 * an eval file; text that looks like a grader prompt) are evidence shown
 * beside it (integrityEvidence), never a flag on their own, since honest work
 * holds them too. Reads of what the sandbox hides in code are the exception:
 * no honest pipeline needs them.
 */
export function integrityFlags(scan: SourceScan, tally: IntegrityTally): Flag[] {
  const flags: Flag[] = [];
  const secret = secretAccessFlag(scan.secretAccess);
  if (secret) flags.push(secret);
  if (tally.addressed.length) {
    const first = tally.addressed[0]!;
    flags.push({
      code: 'injection-attempt',
      severity: 'critical',
      message: `${tally.addressed.length} answer(s) address the grader, first ${first.id} ("${first.phrase.slice(0, 60)}"); each scored 0${scan.graderAddressing.length ? `; the source holds such text too, first at ${where(scan.graderAddressing[0]!)}` : ''}`,
      evidence: { answers: sample(tally.addressed), source: scan.graderAddressing },
      zeroed: tally.addressed.map((a) => a.id),
      explanation:
        'Some answers hold text addressed to a grader or judge (a request for a score, a verdict, an order to drop instructions) rather than to the customer. Sentences quoted from the help centre do not count. Those answers scored 0.',
    });
  }
  const noCallShare = tally.answered ? tally.noModelCall.length / tally.answered : 0;
  const manyNoCall = tally.noModelCall.length >= 3 && noCallShare > NO_CALL_SHARE;
  const noCall = tally.noModelCall.length ? `${tally.noModelCall.length} of ${tally.answered} answers made no model call` : '';
  const inCode = scan.devQuestions.length ? `dev questions in code or data in ${scan.devQuestions.length} place(s), first ${where(scan.devQuestions[0]!)}` : '';
  if (tally.replayed.length) {
    const first = tally.replayed[0]!;
    flags.push({
      code: 'hard-coded-answers',
      severity: 'critical',
      message: [
        `${tally.replayed.length} hidden question(s) answered with the reference answer of another (dev) question, word for word, first ${first.id} with ${first.devId}'s; each scored 0`,
        noCall,
        inCode,
      ]
        .filter(Boolean)
        .join('; '),
      evidence: { replayed: sample(tally.replayed), noModelCall: sample(tally.noModelCall), source: scan.devQuestions },
      zeroed: tally.replayed.map((r) => r.id),
      explanation:
        'Some answers to hidden questions repeat, word for word, the reference answer of a different public dev question: a lookup of dev answers, not the pipeline answering. Text the help centre states (as written or as rendered Markdown) never counts as a replay. Those answers scored 0.',
    });
  } else if (manyNoCall && scan.devQuestions.length) {
    flags.push({
      code: 'hard-coded-answers',
      severity: 'warning',
      message: `${noCall}, and the code holds ${inCode}: check whether answers come from a lookup table (no answer was scored 0 for this)`,
      evidence: { noModelCall: sample(tally.noModelCall), source: scan.devQuestions },
    });
  } else if (manyNoCall) {
    flags.push({
      code: 'hard-coded-answers',
      severity: 'info',
      message: `${noCall}: check that they come from the pipeline`,
      evidence: { noModelCall: sample(tally.noModelCall) },
    });
  }
  return flags;
}

/** What the source scan and the answer checks saw, flagged or not: a check item the interviewer reads beside the flags. */
export function integrityEvidence(scan: SourceScan, tally: IntegrityTally): ScorecardItem {
  const notes = [
    scan.devQuestions.length ? `dev questions in code or data: ${scan.devQuestions.length} place(s), first ${where(scan.devQuestions[0]!)}` : '',
    scan.devQuestionsInNotes.length ? `dev questions quoted in notes or comments: ${scan.devQuestionsInNotes.length} place(s), first ${where(scan.devQuestionsInNotes[0]!)}` : '',
    scan.secretAccessInNotes.length ? `harness secrets named in notes or comments: ${scan.secretAccessInNotes.length} place(s), first ${where(scan.secretAccessInNotes[0]!)}` : '',
    scan.graderAddressing.length ? `source lines that read like a grader prompt: ${scan.graderAddressing.length}, first ${where(scan.graderAddressing[0]!)}` : '',
    tally.noModelCall.length ? `${tally.noModelCall.length} of ${tally.answered} answers made no model call` : '',
  ].filter(Boolean);
  return {
    id: 'integrity-evidence',
    kind: 'check',
    status: 'ok',
    verdicts: {
      evidence: {
        pass: null,
        score: null,
        reason: notes.length ? `evidence only, not a flag: ${notes.join('; ')}` : 'nothing in the source or the answers to show',
      },
    },
    evidence: {
      filesScanned: scan.filesScanned,
      devQuestionsInCode: scan.devQuestions,
      devQuestionsInNotes: scan.devQuestionsInNotes,
      secretAccessInNotes: scan.secretAccessInNotes,
      graderAddressingInSource: scan.graderAddressing,
      noModelCall: sample(tally.noModelCall),
    },
  };
}
