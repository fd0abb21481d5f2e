import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { ProgressBar } from '../exercise';
import type { CliIO } from './context';

const NOTHING: ProgressBar = { update: () => undefined, stop: () => undefined };

/** Bars drawing now: a log line first clears the bar's line so the two never share one. */
let drawing = 0;

/** A progress bar on stderr when it is a terminal and output is for humans; nothing otherwise (pipes, CI, tests, --json). */
export function createProgress(io: CliIO, label: string, options: { json?: boolean | undefined; unit?: string } = {}): ProgressBar {
  if (options.json || !io.tty) return NOTHING;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} ${options.unit ?? 'items'} {duration_formatted}`, stream: io.tty, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
        drawing++;
      } else bar.update(done);
    },
    stop() {
      if (started) {
        bar.stop();
        started = false;
        drawing--;
      }
    },
  };
}

/**
 * A step of unknown length (ingest, generating a dataset, a sandboxed run,
 * scoring): its label with the seconds it has taken so far, redrawn as they
 * pass; a bar with a count once the step reports one. On a terminal only.
 */
export function startStep(io: CliIO, label: string, options: { json?: boolean | undefined; unit?: string } = {}): ProgressBar {
  if (options.json || !io.tty) return NOTHING;
  const counted = `${label} [{bar}] {value}/{total} ${options.unit ?? ''} {duration_formatted}`;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.tty,
      hideCursor: true,
      format: (opts, params, payload: { counted?: boolean }) =>
        payload.counted
          ? cliProgress.Format.Formatter({ ...opts, format: counted }, params, payload)
          : `${label} ... ${cliProgress.Format.TimeFormat(Math.round((Date.now() - params.startTime) / 1000), opts, 1)}`,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { counted: false });
  drawing++;
  let running = true;
  return {
    update(done, total) {
      if (!running) return;
      bar.setTotal(total);
      bar.update(done, { counted: true });
    },
    stop() {
      if (!running) return;
      running = false;
      drawing--;
      bar.stop();
    },
  };
}

/** Log lines for a terminal that may be drawing a bar: the bar's line is cleared first, and the bar redraws below. */
export function lineWriter(io: CliIO, write: (text: string) => void): (line: string) => void {
  return (line) => write(`${io.tty && drawing > 0 ? '\r\x1b[2K' : ''}${line}\n`);
}

/** Colours for stdout when it is a colour terminal (never with NO_COLOR, in pipes or tests). */
export function colors(io: CliIO) {
  return pc.createColors(io.color ?? false);
}
