import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_ROOT } from '../../../harness/sandbox';
import type { Scorecard } from '../../../harness/scorecard';
import { startGullibleJudge, type GullibleJudge } from './_gullible';
import { useTempDirs } from '../../../test/test-helpers';
import { runTakehome } from '../../../test/test-helpers';

const tempDir = useTempDirs();
const KEY = 'sk-test-CLIJUDGE-0123456789abcdef';
/** The grade's default limits (20 s a question) times 30: a busy machine never times a question out. */
const TIME_SCALE = '30';

const takehome = (args: string[], env: Record<string, string>) => runTakehome(args, { TAKEHOME_SECRET: 'judge-cli-secret-0123456789', TAKEHOME_TEST_TIME_SCALE: TIME_SCALE, ...env });

describe('takehome grade --judge (subprocess, sandboxed reference, local judge)', () => {
  let server: GullibleJudge;
  beforeAll(async () => {
    server = await startGullibleJudge({ maxRequests: 60 });
  });
  afterAll(() => server.close());

  it('judges with a key, then regrades by replay with no key and no server; a record for another candidate or more questions fails naming the item', async () => {
    const dir = tempDir('takehome-judge-cli-');
    const record = join(dir, 'judge-record.json');
    const common = ['grade', join(HARNESS_ROOT, 'exercises/rag/reference'), '--exercise', 'rag', '--split', 'dev', '--limit', '4', '--json'];
    const first = await takehome(
      [
        ...common,
        '--candidate',
        'ada',
        '--out',
        join(dir, 'a'),
        '--judge',
        'upstream',
        '--judge-model',
        'gullible-1',
        '--judge-url',
        server.url,
        '--judge-record',
        record,
        '--judge-cache',
        join(dir, 'cache'),
      ],
      { TAKEHOME_UPSTREAM_API_KEY: KEY, HOME: dir },
    );
    expect(first.stderr).not.toContain(KEY);
    expect(first.code, first.stderr).toBe(0);
    const judged = JSON.parse(first.stdout) as Scorecard;
    const asked = judged.metrics.judgeCorrectness!.counts!.asked;
    expect(asked).toBeGreaterThan(0);
    expect(server.requests.length).toBe(judged.metrics.judgeJudged!.value! * 3 + judged.metrics.judgeErrors!.value! * 3);
    expect(readFileSync(join(dir, 'a', 'scorecard.json'), 'utf8')).not.toContain(KEY);
    expect(readFileSync(record, 'utf8')).not.toContain(KEY);

    await server.close();
    const requestsBefore = server.requests.length;
    const replay = await takehome([...common, '--candidate', 'ada', '--out', join(dir, 'b'), '--judge', 'replay', '--judge-record', record], { HOME: dir });
    expect(replay.code, replay.stderr).toBe(0);
    const replayed = JSON.parse(replay.stdout) as Scorecard;
    expect(server.requests.length).toBe(requestsBefore);
    for (const name of ['judgeCorrectness', 'judgeFaithfulness', 'judgeJudged', 'judgeErrors', 'judgeSampleErrors', 'judgeUnstable'])
      expect(replayed.metrics[name], name).toEqual(judged.metrics[name]);

    const other = await takehome([...common, '--candidate', 'bob', '--out', join(dir, 'c'), '--judge', 'replay', '--judge-record', record], { HOME: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/judge record .*judge-record\.json holds item \S+ for other inputs/);
    const more = await takehome([...common.slice(0, -3), '--limit', '10', '--json', '--candidate', 'ada', '--out', join(dir, 'd'), '--judge', 'replay', '--judge-record', record], { HOME: dir });
    expect(more.code).toBe(2);
    expect(more.stderr).toMatch(/judge record .*judge-record\.json has no verdict for item \S+/);
  });
});
