import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './context';
import { colors, createProgress, lineWriter, startStep } from './progress';

/** A stream that says it is a terminal, collecting what is drawn on it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  Object.assign(stream, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, clearScreenDown: () => true });
  return { stream, text: () => written };
}

function io(tty?: NodeJS.WriteStream, color = false): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), env: {}, tty, color, lines };
}

describe('terminal progress', () => {
  it('draws nothing without a terminal or with --json', () => {
    const plain = io();
    for (const bar of [startStep(plain, 'ingest'), createProgress(plain, 'questions'), startStep(io(fakeTerminal().stream), 'ingest', { json: true })]) {
      bar.update(1, 2);
      bar.stop();
    }
    expect(plain.lines).toEqual([]);
  });

  it('shows a step with its label and time, then its count once it has one, and clears its line for a log line', async () => {
    const terminal = fakeTerminal();
    const cli = io(terminal.stream);
    const step = startStep(cli, 'ingest');
    expect(terminal.text()).toMatch(/ingest \.\.\. 0s/);
    const log = lineWriter(cli, cli.err);
    log('a log line');
    expect(cli.lines.at(-1)).toBe('\r\x1b[2Ka log line\n');
    step.update(3, 10);
    await new Promise((r) => setTimeout(r, 250));
    expect(terminal.text()).toMatch(/ingest \[.*\] 3\/10/);
    step.stop();
    step.stop();
    log('after');
    expect(cli.lines.at(-1)).toBe('after\n');
  });

  it('colours only where asked: plain text for NO_COLOR, pipes and tests', () => {
    expect(colors(io(undefined, false)).red('x')).toBe('x');
    expect(colors(io(undefined, true)).red('x')).toBe('\x1b[31mx\x1b[39m');
  });
});
