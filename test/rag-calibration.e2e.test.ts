import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeRag } from '../graders/rag/grade';
import { CHEATER_FLAGS } from '../exercises/rag/calibrate';
import { HARNESS_ROOT } from '../harness/sandbox';
import { SAFETY_NET_MS } from './test-helpers';

describe('the cheater calibration submission under the grader (sandbox, offline gateway)', () => {
  it('is flagged for hard-coded answers, secret reads and talking to the grader, and its doctored answers score 0', async () => {
    // The demo candidate's hidden questions: the cheater's lookup table holds the demo kit's dev answers.
    const sc = await gradeRag({
      submissionDir: join(HARNESS_ROOT, 'exercises/rag/calibration/cheater'),
      secret: 'demo',
      candidate: 'demo-candidate',
      split: 'hidden',
      limit: 40,
      perQuestionTimeoutMs: SAFETY_NET_MS,
      ingestTimeoutMs: SAFETY_NET_MS,
    });
    expect(sc.status).toBe('graded');
    const codes = sc.flags.map((f) => f.code);
    for (const code of CHEATER_FLAGS) expect(codes).toContain(code);
    const violation = sc.flags.find((f) => f.code === 'sandbox-violation')!;
    expect(violation.message).toMatch(/src\/snoop\.ts:\d+/);
    const questions = sc.items.filter((i) => i.kind === 'question');
    expect(questions).toHaveLength(40);
    for (const item of questions) {
      expect(item.verdicts.integrity?.pass).toBe(false);
      expect(item.verdicts.integrity?.reason).toMatch(/addresses the grader|replays the reference answer/);
    }
    expect(sc.metrics.overall!.value).toBe(0);
  });
});
