/** Keeps the first `cap` bytes of a stream and says whether more came. */
export class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;
  truncated = false;

  constructor(private readonly cap: number) {}

  /** Returns false once the cap is exceeded. */
  push(chunk: Buffer): boolean {
    this.total += chunk.length;
    const room = this.cap - this.kept;
    if (room > 0) {
      const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(piece);
      this.kept += piece.length;
    }
    if (this.total > this.cap) this.truncated = true;
    return !this.truncated;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Keeps the last `size` bytes, for a live stderr tail. */
export class TailBuffer {
  private buffer = Buffer.alloc(0);

  constructor(private readonly size: number) {}

  push(chunk: Buffer): void {
    const joined = Buffer.concat([this.buffer, chunk]);
    this.buffer = joined.length > this.size ? joined.subarray(joined.length - this.size) : joined;
  }

  text(): string {
    return this.buffer.toString('utf8');
  }
}

/**
 * Splits a byte stream into lines and hands each to `onLine`. A line ends at
 * LF; a trailing CR is stripped.
 */
export class LineSplitter {
  private partial: Buffer[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      this.partial.push(chunk.subarray(start, i));
      const line = Buffer.concat(this.partial).toString('utf8').replace(/\r$/, '');
      this.partial = [];
      start = i + 1;
      this.onLine(line);
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  /** Forget an unterminated line: after a cap cut the stream, its tail is not a line the process wrote. */
  discardPartial(): void {
    this.partial = [];
  }

  /** Hand over the unterminated last line, if any. */
  flush(): void {
    if (this.partial.length === 0) return;
    const last = Buffer.concat(this.partial).toString('utf8');
    this.partial = [];
    if (last !== '') this.onLine(last);
  }
}

/**
 * Lines of a byte stream as an async iterator. Lines wait in a queue until
 * read; the stream's byte cap (enforced by the caller) bounds the queue.
 */
export class LineQueue {
  private readonly splitter = new LineSplitter((line) => this.pushLine(line));
  private readonly lines: string[] = [];
  private waiters: Array<(r: IteratorResult<string>) => void> = [];
  private ended = false;

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  /** Forget an unterminated line: after a cap cut the stream, its tail is not a line the process wrote. */
  discardPartial(): void {
    this.splitter.discardPartial();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  end(): void {
    if (this.ended) return;
    this.splitter.flush();
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
  }

  /** Queue one whole line (the caller split the stream). Ignored after end(). */
  pushLine(line: string): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter({ value: line, done: false });
    else this.lines.push(line);
  }

  next(): Promise<IteratorResult<string>> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve({ value: line, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return { next: () => this.next() };
  }
}
