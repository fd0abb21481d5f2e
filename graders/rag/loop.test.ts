// The answer loop's limits, on a scripted answer process and a virtual clock: no real time passes.
import { describe, expect, it } from 'vitest';
import { AnswerIntegrity, corpusMembership } from './integrity';
import { defaultAnswerLimits, runQuestionLoop, type AnswerLimits, type AnswerProcess } from './loop';
import { READY_LINE, WARMUP_PREFIX, type LineChannel } from './protocol';
import type { GoldQuestion } from './score';

type Behaviour = 'answer' | 'hang' | 'crash' | 'ready-then-answer';

/**
 * A scripted answer process: `decide(process, asked)` says what the process does with its
 * `asked`-th line (warm-ups included, counted from 1 per process). A hang makes the clock jump
 * by the wait's limit; nothing real waits.
 */
class ScriptedProcess implements AnswerProcess {
  clock = 0;
  processes = 0;
  received: string[] = [];
  private current!: LineChannel;

  constructor(private readonly decide: (process: number, asked: number, id: string) => Behaviour) {
    this.current = this.start();
  }

  channel(): LineChannel {
    return this.current;
  }

  async restart(): Promise<void> {
    this.current = this.start();
  }

  private start(): LineChannel {
    this.processes += 1;
    const process = this.processes;
    const queue: (string | undefined)[] = [];
    let asked = 0;
    let dead = false;
    return {
      write: (line) => {
        const { id } = JSON.parse(line) as { id: string };
        this.received.push(id);
        asked += 1;
        if (dead) return;
        const what = this.decide(process, asked, id);
        if (what === 'crash') {
          dead = true;
          queue.push(undefined);
        } else if (what !== 'hang') {
          if (what === 'ready-then-answer') queue.push(READY_LINE);
          queue.push(JSON.stringify({ id, answer: 'an answer', citations: [], refused: false }));
        }
      },
      nextLine: async (timeoutMs) => {
        if (queue.length > 0) {
          this.clock += 10;
          return queue.shift();
        }
        if (dead) return undefined;
        this.clock += timeoutMs;
        return 'timeout';
      },
    };
  }
}

const questions: GoldQuestion[] = Array.from({ length: 160 }, (_, i) => ({
  id: `q${i + 1}`,
  category: 'single-fact',
  question: `question ${i + 1}?`,
  expected: 'answer',
  requiredFacts: [],
  forbiddenFacts: [],
  supportingDocs: [],
  referenceAnswer: 'x',
}));

function loop(proc: ScriptedProcess, limits: Partial<AnswerLimits> = {}, count = questions.length) {
  return runQuestionLoop({
    questions: questions.slice(0, count),
    process: proc,
    limits: { ...defaultAnswerLimits(20_000, count), ...limits },
    meter: { setQuestion: () => undefined, usage: () => ({ perQuestion: {} }) },
    integrity: new AnswerIntegrity(corpusMembership([]), []),
    docText: new Map(),
    k: 5,
    now: () => proc.clock,
  });
}

const real = (id: string) => !id.startsWith(WARMUP_PREFIX);

describe('runQuestionLoop limits', () => {
  it('a process that never answers after its third question: one timeout, two failed restarts, cut off; the rest not asked', async () => {
    let answered = 0;
    const proc = new ScriptedProcess((_p, _n, id) => (real(id) ? (++answered <= 3 ? 'answer' : 'hang') : answered >= 3 ? 'hang' : 'answer'));
    const r = await loop(proc);
    expect(r.scores).toHaveLength(160);
    expect(r.records.slice(0, 3).every((x) => x.asked.answer.status === 'ok')).toBe(true);
    expect(r.records[3]!.asked.answer.status).toBe('timeout');
    expect(r.process.timeouts).toBe(1);
    expect(r.process.restarts).toBe(2);
    expect(r.process.cutOff).toMatch(/3 time\(s\) in a row/);
    expect(r.process.notAsked).toBe(156);
    expect(r.records[4]!.asked.answer.error).toMatch(/^not asked: /);
    expect(r.process.events.map((e) => e.kind)).toEqual(['startup', 'timeout', 'restart', 'startup-failed', 'restart', 'startup-failed', 'cut-off']);
    // Only the questions before the cut-off reached the process.
    expect(proc.received.filter(real)).toEqual(['q1', 'q2', 'q3', 'q4']);
    // Virtual time: the first start-up, three answers, then three waits of one question limit each.
    expect(proc.clock).toBeLessThanOrEqual(10 + 3 * 10 + 3 * 20_000);
  });

  it('a process that hangs on every third question it is asked: each hang costs one limit, restarts are capped', async () => {
    const proc = new ScriptedProcess((_p, n) => (n % 4 === 0 ? 'hang' : 'answer'));
    const r = await loop(proc);
    expect(r.process.restarts).toBe(5);
    expect(r.process.timeouts).toBe(6);
    expect(r.process.cutOff).toMatch(/5 restarts/);
    expect(r.process.starts).toBe(6);
    const timedOut = r.records.filter((x) => x.asked.answer.status === 'timeout').map((x) => x.question.id);
    // Each process answers the warm-up and two questions, then hangs on the next.
    expect(timedOut).toEqual(['q3', 'q6', 'q9', 'q12', 'q15', 'q18']);
    expect(r.records[18]!.asked.answer.error).toMatch(/^not asked/);
  });

  it('a crash restarts the process and the next questions are answered; a timeout after answers resets the streak', async () => {
    const proc = new ScriptedProcess((p, n) => (p === 1 && n === 3 ? 'crash' : p === 2 && n === 4 ? 'hang' : 'answer'));
    const r = await loop(proc, {}, 10);
    expect(r.records.map((x) => x.asked.answer.status)).toEqual(['ok', 'error', 'ok', 'ok', 'timeout', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(r.process.cutOff).toBeNull();
    expect(r.process.restarts).toBe(2);
    expect(r.process.events.filter((e) => e.kind === 'closed').map((e) => e.questionId)).toEqual(['q2']);
  });

  it('start-up is measured apart: the warm-up answer, the optional ready line, and question 1 timed from its own sending', async () => {
    const proc = new ScriptedProcess((_p, n) => (n === 1 ? 'ready-then-answer' : 'answer'));
    const r = await loop(proc, {}, 2);
    expect(proc.received[0]).toBe(`${WARMUP_PREFIX}-1`);
    expect(r.process.startupMs).toBe(20);
    expect(r.process.readyMs).toBe(10);
    expect(r.records[0]!.asked.latencyMs).toBe(10);
  });

  it('a process that never answers its warm-up: not one question is asked, and the first start-up gets its own limit', async () => {
    const proc = new ScriptedProcess(() => 'hang');
    const r = await loop(proc, { startupTimeoutMs: 120_000 }, 5);
    expect(r.process.startupMs).toBeNull();
    expect(r.process.cutOff).not.toBeNull();
    expect(proc.received.filter(real)).toEqual([]);
    expect(r.records.every((x) => x.asked.answer.error?.startsWith('not asked'))).toBe(true);
  });

  it('the answer-phase limit cuts a slow but never-failing process', async () => {
    // Every answer takes 10 virtual ms: a 55 ms phase asks about five questions.
    const proc = new ScriptedProcess(() => 'answer');
    const r = await loop(proc, { answerPhaseMs: 55 }, 20);
    expect(r.process.cutOff).toMatch(/answer phase passed its 55 ms limit/);
    expect(r.records.filter((x) => x.asked.answer.status === 'ok').length).toBeLessThan(20);
    expect(r.process.notAsked).toBeGreaterThan(0);
  });
});
