import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** One line of the JSONL trace. Never the bearer token, never the upstream key, never the body itself. */
export interface TraceEntry {
  time: string;
  run: string | null;
  question: string | null;
  endpoint: string;
  model: string | null;
  backendModel: string | null;
  stream: boolean;
  status: number;
  error: string | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  requestSha256: string | null;
}

/** Appends trace lines to a file through one buffered stream (no sync write per request). */
export class TraceWriter {
  private readonly stream: WriteStream;
  private failed: Error | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    // A full disk must not take the gateway down: keep serving, report it at close.
    this.stream.on('error', (error) => {
      this.failed = error;
    });
  }

  write(entry: TraceEntry): void {
    if (this.failed) return;
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end(() => (this.failed ? reject(this.failed) : resolve()));
    });
  }
}
