// Posts export rows to a webhook in batches, retrying with backoff, each batch carrying a stable idempotency key.
import { createHash } from 'node:crypto';
import { backoffDelay, retryAfterMs, sleep as delay } from '../shared/retry.js';

export interface WebhookOptions {
  readonly url: string;
  /** Rows per POST (default 500). */
  readonly batchSize?: number;
  /** Tries per batch, the first included (default 5). */
  readonly maxAttempts?: number;
  /** First retry delay; it doubles per attempt up to `maxDelayMs` (defaults 500 ms and 30 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Per-request time limit (default 30 s); a request that takes longer counts as a failed attempt. */
  readonly timeoutMs?: number;
  /** Extra headers, e.g. `{ authorization: 'Bearer …' }`; never recorded. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Waits between attempts; tests pass a fast one. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What the sink did: one entry per batch attempted, and the batch that failed for good, if any. */
export interface WebhookReport {
  /** The URL without credentials or query string, safe to print and record. */
  readonly url: string;
  readonly batches: number;
  readonly delivered: number;
  readonly rowsDelivered: number;
  readonly attempts: number;
  readonly ok: boolean;
  readonly failed?: { readonly batch: number; readonly key: string; readonly error: string };
}

/** The body of each POST. */
export interface WebhookBatchBody<Row> {
  readonly segment: string;
  readonly export_id: string;
  readonly batch: number;
  readonly batches: number;
  readonly rows: readonly Row[];
}

/**
 * The idempotency key of a batch: SHA-256 of segment, export id and batch number. The same on every retry, so a
 * receiver that saw the batch already can skip it; different for every batch and every export.
 */
export function idempotencyKey(segment: string, exportId: string, batch: number): string {
  return createHash('sha256').update(`${segment}\n${exportId}\n${batch}`).digest('hex');
}

/** The URL as it may be shown: scheme, host and path; user, password and query (often a token) removed. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/**
 * POSTs `rows` as JSON batches (`WebhookBatchBody`) with an `Idempotency-Key` header, one batch at a time, in order.
 * Network errors, time-outs, 408, 429 and 5xx are retried with exponential backoff (jittered; `Retry-After` is honoured
 * up to `maxDelayMs`); any other status fails the batch at once. Stops at the first batch that fails for good, so the
 * report says exactly which batches were delivered. Never throws for HTTP failures: read `ok` and `failed`.
 * @throws TypeError for an invalid URL or batch size.
 * @example const report = await postToWebhook(rows, { segment: 'At Risk', exportId }, { url: 'https://hooks.example/crm' });
 */
export async function postToWebhook<Row>(
  rows: readonly Row[], meta: { readonly segment: string; readonly exportId: string }, options: WebhookOptions,
): Promise<WebhookReport> {
  const url = redactUrl(options.url);
  const target = requestTarget(options);
  const size = options.batchSize ?? 500;
  if (!Number.isInteger(size) || size < 1) throw new TypeError(`webhook batch size must be a positive integer, got ${size}`);
  const batches = Math.ceil(rows.length / size);
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? (async (ms: number) => void (await delay(ms)));
  let attempts = 0;
  let delivered = 0;
  let rowsDelivered = 0;
  for (let b = 1; b <= batches; b++) {
    const slice = rows.slice((b - 1) * size, b * size);
    const key = idempotencyKey(meta.segment, meta.exportId, b);
    const body: WebhookBatchBody<Row> = { segment: meta.segment, export_id: meta.exportId, batch: b, batches, rows: slice };
    const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    let lastError = '';
    let sent = false;
    for (let attempt = 1; attempt <= maxAttempts && !sent; attempt++) {
      attempts += 1;
      const outcome = await postOnce(target, key, text);
      if (outcome.ok) { sent = true; break; }
      lastError = outcome.error.replaceAll(target.url, url).replaceAll(options.url, url); // never print a token
      if (!outcome.retry || attempt === maxAttempts) break;
      await sleep(backoff(attempt, outcome.retryAfterMs, options));
    }
    if (!sent) {
      return { url, batches, delivered, rowsDelivered, attempts, ok: false, failed: { batch: b, key, error: `batch ${b} of ${batches} to ${url}: ${lastError}` } };
    }
    delivered += 1;
    rowsDelivered += slice.length;
  }
  return { url, batches, delivered, rowsDelivered, attempts, ok: true };
}

type Outcome = { ok: true } | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

interface Target {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** fetch refuses URLs with user:password, so credentials in the URL move to a Basic authorization header. */
function requestTarget(options: WebhookOptions): Target {
  const u = new URL(options.url);
  const headers: Record<string, string> = { ...options.headers };
  if (u.username && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
    const basic = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
    headers.authorization = `Basic ${basic}`;
  }
  u.username = '';
  u.password = '';
  return { url: u.href, headers, timeoutMs: options.timeoutMs ?? 30_000 };
}

async function postOnce(target: Target, key: string, body: string): Promise<Outcome> {
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { ...target.headers, 'content-type': 'application/json', 'idempotency-key': key },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
    if (res.ok) return { ok: true };
    const retry = res.status >= 500 || res.status === 408 || res.status === 429;
    const after = retryAfterMs(res.headers.get('retry-after'));
    return { ok: false, retry, error: `HTTP ${res.status} ${res.statusText}`.trim(), ...(after !== undefined && after > 0 ? { retryAfterMs: after } : {}) };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    return { ok: false, retry: true, error: `${e.name === 'TimeoutError' ? 'timed out' : e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}` };
  }
}

function backoff(attempt: number, retryAfterMs: number | undefined, options: WebhookOptions): number {
  const max = options.maxDelayMs ?? 30_000;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
  return backoffDelay({ baseMs: options.baseDelayMs ?? 500, maxMs: max }, attempt);
}
