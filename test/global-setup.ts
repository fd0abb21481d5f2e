// Vitest globalSetup for both tiers: every run gets a temp dir of its own, and
// a run that leaves anything in it fails.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Caches tools keep in the temp dir on purpose (tsx compiles the CLI into tsx-<uid>); not leftovers. */
const TOOL_CACHES = [/^tsx-\d+$/];

const RUN_DIR = /^takehome-testrun-(\d+)-/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The folders of earlier runs whose vitest process is gone (killed before its
 * teardown ran): the pid is in the name, so a live run's folder is never touched.
 */
function sweepDeadRuns(base: string): void {
  for (const name of readdirSync(base)) {
    const pid = RUN_DIR.exec(name)?.[1];
    if (pid !== undefined && !alive(Number(pid))) rmSync(join(base, name), { recursive: true, force: true });
  }
}

/**
 * Sets TMPDIR to a fresh folder (takehome-testrun-<pid>-*) before the workers start,
 * so os.tmpdir() in every test, and in every process a test starts with the
 * inherited environment, points there. Other processes on the machine never
 * write there, so its contents at the end are this run's leftovers, whatever
 * else runs concurrently: they are listed, the run exits 1, and the folder is
 * removed either way. The folders that killed runs left behind are removed at
 * the next run's start.
 *
 * Not covered: isolated sandbox run folders, which the sandbox always makes in
 * /tmp (harness/sandbox/launch.ts), and processes started with an explicit
 * environment that leaves out TMPDIR.
 */
export default function setup(): () => void {
  const saved = process.env.TMPDIR;
  sweepDeadRuns(tmpdir());
  const runDir = mkdtempSync(join(tmpdir(), `takehome-testrun-${process.pid}-`));
  process.env.TMPDIR = runDir;
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    const left = readdirSync(runDir).filter((name) => !TOOL_CACHES.some((cache) => cache.test(name)));
    rmSync(runDir, { recursive: true, force: true });
    if (left.length > 0) {
      process.stderr.write(
        `\nThe tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp dir (removed now); each test must remove what it makes (test/test-helpers.ts: useTempDirs):\n${left.map((name) => `  ${name}`).join('\n')}\n`,
      );
      process.exitCode = 1;
    }
  };
}
