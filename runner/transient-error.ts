// Decides whether a failed step is worth retrying: transient errors (network, DuckDB lock conflicts) yes, the rest no.
import { RapportError } from '../shared/rapport-error.js';

/**
 * An error a connector or step throws to say "try again later" (a rate limit, a flaky endpoint). Any error
 * can say the same with a `transient: true` property; `transient: false` makes it permanent.
 * @example throw new TransientError(`orders API ${url}: 503 Service Unavailable`, { cause });
 */
export class TransientError extends RapportError {
  override readonly name = 'TransientError';
  readonly transient = true;
}

/** An error that no retry can fix (bad config, a broken contract): the step fails at once. */
export class PermanentError extends RapportError {
  override readonly name = 'PermanentError';
  readonly transient = false;
}

// Socket-level failures from node:net, node:dns and undici (fetch): the other side may well answer next time.
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN',
  'EHOSTUNREACH', 'EHOSTDOWN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
]);
// HTTP statuses that mean "busy or briefly down", for errors that carry `status` / `statusCode`.
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);
// DuckDB: another process holds the file, or a concurrent transaction touched the same rows.
const DUCKDB_CONFLICT = /Could not set lock on file|Conflicting lock is (set|held)|write-write conflict|Conflict on (update|tuple)/i;

/**
 * True when `error` (or an error in its `cause` chain) is transient. The nearest explicit `transient` flag
 * wins, so a connector can wrap a network error as permanent, or a plain error as transient.
 */
export function isTransient(error: unknown): boolean {
  let e = error as { transient?: unknown; code?: unknown; status?: unknown; statusCode?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 10; depth++, e = e.cause as typeof e) {
    if (typeof e.transient === 'boolean') return e.transient;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
    if (status !== undefined && TRANSIENT_STATUS.has(status)) return true;
    if (typeof e.message === 'string' && DUCKDB_CONFLICT.test(e.message)) return true;
  }
  return false;
}
