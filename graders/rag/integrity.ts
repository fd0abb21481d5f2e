import type { Flag, Verdict } from '../../harness/scorecard';
import { forEachSourceLine, isDocumentation, MAX_FINDINGS, secretAccessFlag, secretAccessRules, type ScanStats, type SourceFinding } from '../../harness/submission/scan';
import { normaliseText } from './facts';
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
  /** Files copied into the sandbox that could not be (fully) scanned, with why. */
  unscannable: ScanStats['unscannable'];
  secretAccess: SourceFinding[];
  graderAddressing: SourceFinding[];
  devQuestions: SourceFinding[];
}

/**
 * Scan every file of the submission the sandbox copies (harness/submission/scan.ts:
 * binaries, big files and dist/ included, symlinks not followed, what cannot be
 * scanned listed; EXCLUDE = the grader's excludeFromCopy). DEV_QUESTIONS are the
 * candidate's public dev questions: a copy of the kit's dev file is expected
 * and not counted, but dev questions written into code or a lookup table are.
 */
export async function scanSubmissionSource(root: string, options: { devQuestions: readonly string[]; exclude?: readonly string[] }): Promise<SourceScan> {
  const scan: SourceScan = { filesScanned: 0, unscannable: [], secretAccess: [], graderAddressing: [], devQuestions: [] };
  const devQuestions = options.devQuestions.map(normaliseText).filter((q) => q.length >= 20);
  const push = (list: SourceFinding[], finding: SourceFinding) => {
    if (list.length < MAX_FINDINGS) list.push(finding);
  };
  const stats = await forEachSourceLine(
    root,
    (file, line, text) => {
      // A mention in documentation is evidence for the interviewer, never a flag (harness/submission/scan.ts).
      const at = { file, line, ...(isDocumentation(file) ? { documentation: true } : {}) };
      const excerpt = text.trim().slice(0, 160);
      for (const rule of secretAccessRules(text)) push(scan.secretAccess, { ...at, rule, excerpt });
      const addressed = detectJudgeInjection([text])[0];
      if (addressed) push(scan.graderAddressing, { ...at, rule: addressed.rule, excerpt });
      if (!/(^|\/)dev\/questions\.jsonl$/.test(file)) {
        const normal = normaliseText(text);
        if (devQuestions.some((q) => normal.includes(q))) push(scan.devQuestions, { ...at, rule: 'holds a dev question verbatim', excerpt });
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

/** The dev question whose reference answer TEXT reproduces verbatim (a lookup table replayed), or null. */
export function replayedDevAnswer(text: string, devAnswers: readonly DevAnswer[], ownId: string): DevAnswer | null {
  const normal = normaliseText(text);
  for (const dev of devAnswers) {
    if (dev.id === ownId) continue;
    const reference = normaliseText(dev.answer);
    if (reference.length >= 20 && normal.includes(reference)) return dev;
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
 * Tells whether a sentence stands word for word in the corpus (normalised
 * text, at least 12 characters). The corpus text is built on the first call:
 * most answers never need it.
 */
export function corpusMembership(docs: Iterable<string>): (sentence: string) => boolean {
  let corpusText: string | undefined;
  return (sentence) => {
    const normal = normaliseText(sentence);
    corpusText ??= normaliseText([...docs].join('\n'));
    return normal.length >= 12 && corpusText.includes(normal);
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

/** The scorecard flags that SCAN and TALLY support, each with its evidence. */
export function integrityFlags(scan: SourceScan, tally: IntegrityTally): Flag[] {
  const flags: Flag[] = [];
  const secret = secretAccessFlag(scan.secretAccess);
  if (secret) flags.push(secret);
  // Source lines are evidence, not a trigger: a candidate's own eval prompts or
  // injection guards can look like an address to a grader; answers cannot.
  if (tally.addressed.length) {
    flags.push({
      code: 'injection-attempt',
      severity: 'critical',
      message: `${tally.addressed.length} answer(s) address the grader, first ${tally.addressed[0]!.id} ("${tally.addressed[0]!.phrase.slice(0, 60)}"); such answers score 0${scan.graderAddressing.length ? `; the source does too, first at ${scan.graderAddressing[0]!.file}:${scan.graderAddressing[0]!.line}` : ''}`,
      evidence: { answers: tally.addressed.slice(0, MAX_FINDINGS), source: scan.graderAddressing },
    });
  }
  const noCallShare = tally.answered ? tally.noModelCall.length / tally.answered : 0;
  const manyNoCall = tally.noModelCall.length >= 3 && noCallShare > NO_CALL_SHARE;
  if (tally.replayed.length || (manyNoCall && scan.devQuestions.length) || scan.devQuestions.length >= 3) {
    const parts = [
      tally.replayed.length ? `${tally.replayed.length} hidden question(s) answered with a dev reference answer verbatim (scored 0)` : '',
      tally.noModelCall.length ? `${tally.noModelCall.length} of ${tally.answered} answers made no model call` : '',
      scan.devQuestions.length ? `dev questions written into the source in ${scan.devQuestions.length} place(s), first ${scan.devQuestions[0]!.file}:${scan.devQuestions[0]!.line}` : '',
    ].filter(Boolean);
    flags.push({
      code: 'hard-coded-answers',
      severity: tally.replayed.length || manyNoCall ? 'critical' : 'warning',
      message: parts.join('; '),
      evidence: { replayed: tally.replayed.slice(0, MAX_FINDINGS), noModelCall: tally.noModelCall.slice(0, MAX_FINDINGS), source: scan.devQuestions },
    });
  } else if (manyNoCall) {
    flags.push({
      code: 'hard-coded-answers',
      severity: 'info',
      message: `${tally.noModelCall.length} of ${tally.answered} answers made no model call: check that they come from the pipeline`,
      evidence: { noModelCall: tally.noModelCall.slice(0, MAX_FINDINGS) },
    });
  }
  return flags;
}
