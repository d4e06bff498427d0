// Fetches the pages of an HTTP API: auth, pagination, time-outs, and retries on 429 / 5xx / network errors.
import Papa from 'papaparse';
import { backoffDelay, retryAfterMs, sleep } from '../../shared/retry.js';
import type { HttpPagination, HttpRequestPolicy, HttpSourceConfig } from './schema.js';

/** One page of records, with the URL it came from (secrets removed). */
export interface Page {
  readonly url: string;
  readonly records: readonly unknown[];
  /** CSV rows papaparse could not split into the header's fields, by index into `records`. */
  readonly malformed: ReadonlyMap<number, string>;
}

/** The secret a request carries, resolved from its env var; kept apart so it can be removed from every URL we show. */
export interface Credentials {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
}

/** Resolves `auth` from the environment. @throws Error naming the variable (never a value) when it is unset. */
export function credentialsFrom(auth: HttpSourceConfig['auth'], env: NodeJS.ProcessEnv, source: string): Credentials {
  if (!auth) return { headers: {}, query: {} };
  const name = auth.type === 'bearer' ? auth.tokenEnv : auth.keyEnv;
  const value = env[name];
  if (!value) throw new Error(`source ${source}: environment variable ${name} (auth.${auth.type === 'bearer' ? 'tokenEnv' : 'keyEnv'}) is not set`);
  if (auth.type === 'bearer') return { headers: { authorization: `Bearer ${value}` }, query: {} };
  return auth.header ? { headers: { [auth.header.toLowerCase()]: value }, query: {} } : { headers: {}, query: { [auth.queryParam!]: value } };
}

/** The URL without userinfo and without the parameters that carry credentials, for logs, errors and lineage. */
export function redact(url: URL, creds: Credentials): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  for (const key of Object.keys(creds.query)) copy.searchParams.delete(key);
  return copy.toString();
}

/** A failure retrying cannot fix (a 4xx, a redirect, a too-long Retry-After). */
class FatalHttpError extends Error {
  override readonly name = 'FatalHttpError';
}


interface Fetched {
  readonly body: string;
  readonly link: string | null;
}

/**
 * GETs `url`, retrying 429 (after Retry-After), 5xx, time-outs and network errors with exponential back-off.
 * @throws Error naming the (redacted) URL, the status or failure, and how many attempts were made.
 */
export async function fetchWithRetry(url: URL, creds: Credentials, extraHeaders: Readonly<Record<string, string>>, policy: HttpRequestPolicy, log: (m: string) => void): Promise<Fetched> {
  const shown = redact(url, creds);
  const withSecret = new URL(url);
  for (const [k, v] of Object.entries(creds.query)) withSecret.searchParams.set(k, v);
  let lastProblem = '';
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    let wait: number;
    try {
      // Redirects are not followed: they could carry the credentials to another host.
      const res = await fetch(withSecret, { headers: { accept: 'application/json, text/csv', ...extraHeaders, ...creds.headers }, signal: controller.signal, redirect: 'manual' });
      if (res.status >= 300 && res.status < 400) {
        throw new FatalHttpError(`GET ${shown}: HTTP ${res.status} redirect to ${res.headers.get('location') ?? '?'}; set the source's url to the final address`);
      }
      if (res.ok) return { body: await res.text(), link: res.headers.get('link') }; // the body is read under the same time-out
      const detail = (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
      lastProblem = `HTTP ${res.status}${detail ? ` (${detail})` : ''}`;
      if (res.status === 429) {
        const afterMs = retryAfterMs(res.headers.get('retry-after'));
        const after = afterMs === undefined ? undefined : afterMs / 1000;
        if (after !== undefined && after > policy.maxRetryAfterS) {
          throw new FatalHttpError(`GET ${shown}: rate limited, asked to wait ${after} s, more than request.maxRetryAfterS (${policy.maxRetryAfterS})`);
        }
        wait = after !== undefined ? after * 1000 : backoff(policy, attempt);
      } else if (res.status >= 500) {
        wait = backoff(policy, attempt);
      } else {
        const hint = res.status === 401 || res.status === 403 ? '; check the credentials named in the source\'s auth' : '';
        throw new FatalHttpError(`GET ${shown}: ${lastProblem}${hint}`);
      }
    } catch (error) {
      if (error instanceof FatalHttpError) throw error;
      lastProblem = controller.signal.aborted ? `no complete response within ${policy.timeoutMs} ms` : `network error: ${(error as Error).message}`;
      wait = backoff(policy, attempt);
    } finally {
      clearTimeout(timer);
    }
    if (attempt <= policy.retries) {
      log(`GET ${shown}: ${lastProblem}; retry ${attempt} of ${policy.retries} in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait);
    }
  }
  // Only 429, 5xx, time-outs and network errors get here (the rest threw above): still worth a later try, so the
  // runner's step retry (with its longer backoff) may try again from the committed cursor.
  throw Object.assign(new Error(`GET ${shown}: gave up after ${policy.retries + 1} attempts, last: ${lastProblem}`), { transient: true });
}

function backoff(policy: HttpRequestPolicy, attempt: number): number {
  return backoffDelay({ baseMs: policy.backoffMs, maxMs: policy.maxBackoffMs }, attempt);
}

/** Reads a JSON value at a simple path (`$.a.b`, `$.a[0]`); undefined when absent. */
export function atPath(value: unknown, path: string): unknown {
  const steps = path.replace(/^\$\.?/, '').match(/[^.[\]]+/g) ?? [];
  return steps.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

/** The `rel="next"` target of a Link header, resolved against the current URL. */
export function nextLink(header: string | null, current: URL): URL | undefined {
  for (const part of header?.split(/,(?=\s*<)/) ?? []) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?([^"]*\s)?next(\s[^"]*)?"?/i.test(m[2]!)) return new URL(m[1]!, current);
  }
  return undefined;
}

function parseRecords(body: string, config: HttpSourceConfig, shown: string): { records: unknown[]; malformed: Map<number, string>; page: unknown } {
  if (config.format === 'csv') {
    const parsed = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: true });
    const malformed = new Map<number, string>();
    for (const e of parsed.errors) if (e.row !== undefined) malformed.set(e.row, `${e.code}: ${e.message}`);
    return { records: parsed.data, malformed, page: null };
  }
  let page: unknown;
  try {
    page = JSON.parse(body);
  } catch (cause) {
    throw new Error(`GET ${shown}: the response is not JSON (${(cause as Error).message}); starts with ${JSON.stringify(body.slice(0, 60))}`, { cause });
  }
  const at = config.records ?? (Array.isArray(page) ? '$' : '$.data');
  const records = at === '$' ? page : atPath(page, at);
  if (!Array.isArray(records)) throw new Error(`GET ${shown}: expected an array of records at ${at} in the response`);
  return { records, malformed: new Map(), page };
}

/**
 * Yields every page of the endpoint, following the configured pagination, starting from `firstUrl`.
 * @throws Error naming the page URL when a page fails after its retries, is not JSON, or links off-origin.
 */
export async function* readPages(firstUrl: URL, config: HttpSourceConfig, creds: Credentials, log: (m: string) => void): AsyncGenerator<Page> {
  const p: HttpPagination = config.pagination;
  let url: URL | undefined = new URL(firstUrl);
  if (p.type === 'page') {
    url.searchParams.set(p.param, String(p.first));
    if (p.sizeParam) url.searchParams.set(p.sizeParam, String(p.size));
  }
  for (let n = 1; url; n++) {
    if (n > config.maxPages) throw new Error(`GET ${redact(url, creds)}: more than maxPages (${config.maxPages}) pages; raise maxPages if that is expected`);
    const shown = redact(url, creds);
    const { body, link } = await fetchWithRetry(url, creds, config.headers, config.request, log);
    const { records, malformed, page } = parseRecords(body, config, shown);
    yield { url: shown, records, malformed };
    url = nextUrl(p, url, records.length, page, link);
    if (url && url.origin !== firstUrl.origin) throw new Error(`GET ${shown}: next page is on another origin (${url.origin}); refusing to send credentials there`);
  }
}

function nextUrl(p: HttpPagination, url: URL, count: number, page: unknown, link: string | null): URL | undefined {
  if (p.type === 'none') return undefined;
  if (p.type === 'link-header') return nextLink(link, url);
  const next = new URL(url);
  if (p.type === 'page') {
    if (count < p.size || count === 0) return undefined;
    next.searchParams.set(p.param, String(Number(url.searchParams.get(p.param)) + 1));
    return next;
  }
  const cursor = atPath(page, p.next);
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  next.searchParams.set(p.param, String(cursor));
  return next;
}
