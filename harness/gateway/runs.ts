import { randomBytes } from 'node:crypto';
import { GatewayHttpError } from './openai-errors';
import type { TraceEntry } from './trace';

export interface Budget {
  tokens?: number;
  costUsd?: number;
  /** Model calls (each request counts, refused ones included). */
  requests?: number;
}

export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Requests refused because the budget was spent. */
  rejected: number;
  /** Other failed requests (bad body, unknown model, upstream error, client gone). */
  errors: number;
}

export interface QuestionUsage extends UsageTotals {
  latencyMs: number[];
  calls: TraceEntry[];
  /** Calls beyond MAX_CALLS_KEPT are counted in the totals but not kept in `calls` / `latencyMs`. */
  callsDropped: number;
}

export interface BudgetStatus {
  tokens: number | null;
  costUsd: number | null;
  requests: number | null;
  remainingTokens: number | null;
  remainingUsd: number | null;
  remainingRequests: number | null;
  exhausted: boolean;
}

export interface RunUsage extends UsageTotals {
  label: string;
  perQuestion: Record<string, QuestionUsage>;
  /** Calls made while no question was set (ingest, warm-up). */
  unattributed: QuestionUsage;
  budget: BudgetStatus;
}

export interface CreateRunOptions {
  label: string;
  budget?: Budget;
}

/** Per bucket; a long ingest must not grow memory without bound. */
export const MAX_CALLS_KEPT = 5000;

function emptyTotals(): UsageTotals {
  return { requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, rejected: 0, errors: 0 };
}

function emptyQuestion(): QuestionUsage {
  return { ...emptyTotals(), latencyMs: [], calls: [], callsDropped: 0 };
}

function addTo(totals: UsageTotals, entry: TraceEntry): void {
  totals.requests += 1;
  totals.promptTokens += entry.promptTokens;
  totals.completionTokens += entry.completionTokens;
  totals.costUsd += entry.costUsd;
  if (entry.error === 'budget_exhausted') totals.rejected += 1;
  else if (entry.status >= 400) totals.errors += 1;
}

/**
 * One metered run: a candidate's ingest + answer processes share its bearer
 * token. Requests are attributed to the question set when they arrive.
 */
export class GatewayRun {
  readonly label: string;
  readonly token: string;
  readonly budget: Budget;
  private question: string | null = null;
  private closed = false;
  private readonly totals = emptyTotals();
  private readonly perQuestion = new Map<string, QuestionUsage>();
  private readonly unattributed = emptyQuestion();

  constructor(
    options: CreateRunOptions,
    private readonly onClose: (run: GatewayRun) => void,
  ) {
    if (options.budget?.tokens !== undefined && !(options.budget.tokens >= 0)) throw new RangeError(`budget.tokens must be >= 0, got ${options.budget.tokens}`);
    if (options.budget?.costUsd !== undefined && !(options.budget.costUsd >= 0)) throw new RangeError(`budget.costUsd must be >= 0, got ${options.budget.costUsd}`);
    if (options.budget?.requests !== undefined && !(options.budget.requests >= 0)) throw new RangeError(`budget.requests must be >= 0, got ${options.budget.requests}`);
    this.label = options.label;
    this.budget = { ...options.budget };
    this.token = `thk_${randomBytes(24).toString('base64url')}`;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get currentQuestion(): string | null {
    return this.question;
  }

  /** Requests from now until the next call are attributed to this question (null: none, e.g. ingest). */
  setQuestion(id: string | null): void {
    this.question = id;
  }

  /** Throws the 429 when the budget is spent. In-flight calls may overshoot it by their own size. */
  checkBudget(): void {
    const { tokens, costUsd, requests } = this.budget;
    const used = this.totals.promptTokens + this.totals.completionTokens;
    const overTokens = tokens !== undefined && used >= tokens;
    const overCost = costUsd !== undefined && this.totals.costUsd >= costUsd;
    // The call being checked is not recorded yet: `requests` calls are allowed, the next one is not.
    const overRequests = requests !== undefined && this.totals.requests >= requests;
    if (!overTokens && !overCost && !overRequests) return;
    const what = overTokens ? `${used} of ${tokens} tokens` : overCost ? `$${this.totals.costUsd.toFixed(6)} of $${costUsd}` : `${this.totals.requests} of ${requests} requests`;
    // "quota exhausted" in the message and x-should-retry make LangChain and the openai SDK stop instead of retrying.
    throw new GatewayHttpError(429, `Budget exhausted for this run (quota exhausted): used ${what}. No further model calls are allowed.`, {
      type: 'insufficient_quota',
      code: 'budget_exhausted',
      headers: { 'x-should-retry': 'false' },
    });
  }

  record(entry: TraceEntry, question: string | null): void {
    addTo(this.totals, entry);
    let bucket = this.unattributed;
    if (question !== null) {
      bucket = this.perQuestion.get(question) ?? emptyQuestion();
      this.perQuestion.set(question, bucket);
    }
    addTo(bucket, entry);
    if (bucket.calls.length < MAX_CALLS_KEPT) {
      bucket.calls.push(entry);
      bucket.latencyMs.push(entry.latencyMs);
    } else {
      bucket.callsDropped += 1;
    }
  }

  usage(): RunUsage {
    const copy = (q: QuestionUsage): QuestionUsage => ({ ...q, latencyMs: [...q.latencyMs], calls: q.calls.map((c) => ({ ...c })) });
    const used = this.totals.promptTokens + this.totals.completionTokens;
    const { tokens, costUsd, requests } = this.budget;
    const remainingTokens = tokens === undefined ? null : Math.max(0, tokens - used);
    const remainingUsd = costUsd === undefined ? null : Math.max(0, costUsd - this.totals.costUsd);
    const remainingRequests = requests === undefined ? null : Math.max(0, requests - this.totals.requests);
    return {
      label: this.label,
      ...this.totals,
      perQuestion: Object.fromEntries([...this.perQuestion].map(([id, q]) => [id, copy(q)])),
      unattributed: copy(this.unattributed),
      budget: {
        tokens: tokens ?? null,
        costUsd: costUsd ?? null,
        requests: requests ?? null,
        remainingTokens,
        remainingUsd,
        remainingRequests,
        exhausted: remainingTokens === 0 || remainingUsd === 0 || remainingRequests === 0,
      },
    };
  }

  /** The token stops working at once; usage stays readable. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }
}
