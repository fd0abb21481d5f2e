import cliProgress from 'cli-progress';
import type { ProgressBar } from '../exercise';
import type { CliIO } from './context';

/** A progress bar on stderr when it is a terminal and output is for humans; nothing otherwise (pipes, CI, tests, --json). */
export function createProgress(io: CliIO, label: string, options: { json?: boolean; unit?: string } = {}): ProgressBar {
  if (options.json || !io.tty) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} ${options.unit ?? 'items'}`, stream: io.tty, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
