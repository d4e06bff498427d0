// The one error type of Rapport: a message plus where it happened (stage, run id, source, location, row) as fields,
// so every command prints them the same way and `--json` output carries them.

/** Where an error happened; every field optional, filled in as the error travels up (a step adds stage and run id). */
export interface ErrorContext {
  /** The pipeline step or stage, e.g. 'extract:orders', 'config', 'export'. */
  readonly stage?: string;
  readonly runId?: string;
  /** The configured source (or sink) name. */
  readonly source?: string;
  /** A file, URL or table, without credentials. */
  readonly location?: string;
  /** The record: its number (as the thrower counts, e.g. 1-based after a CSV header) or its primary key. */
  readonly row?: number | string;
}

const fields = ['stage', 'runId', 'source', 'location', 'row'] as const;
const labels: Readonly<Record<(typeof fields)[number], string>> = { stage: 'stage', runId: 'run', source: 'source', location: 'at', row: 'row' };

/**
 * An error that names its place. Subclasses (ConfigError, UsageError, TransientError, ...) keep their name; wrap a
 * lower-level error with `cause` instead of replacing it.
 * @example throw new RapportError('orders.csv: no header row', { stage: 'extract:orders', source: 'orders', location: 'orders.csv' });
 */
export class RapportError extends Error {
  override name = 'RapportError';
  stage?: string;
  runId?: string;
  source?: string;
  location?: string;
  row?: number | string;

  constructor(message: string, options: ErrorContext & { readonly cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    fill(this, options);
  }
}

function fill(error: RapportError, context: ErrorContext): void {
  for (const f of fields) if (error[f] === undefined && context[f] !== undefined) (error as { [K in typeof f]?: unknown })[f] = context[f];
}

/** The place an error names: its own fields, then (field by field) the nearest error in its `cause` chain that has one. */
export function errorContext(error: unknown): ErrorContext {
  const out: { -readonly [K in keyof ErrorContext]: ErrorContext[K] } = {};
  let e = error as Partial<Record<string, unknown>> & { cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 10; depth++, e = e.cause as typeof e) {
    if (!(e instanceof RapportError)) continue;
    for (const f of fields) if (out[f] === undefined && e[f] !== undefined) (out as Record<string, unknown>)[f] = e[f];
  }
  return out;
}

/**
 * `error` as a RapportError that names `context` where it named nothing yet: a RapportError gets the missing fields
 * (its own stay), anything else is wrapped with the same message and `cause` = the original (so `transient` and
 * codes in the cause chain still count).
 */
export function withContext(error: unknown, context: ErrorContext): RapportError {
  if (error instanceof RapportError) {
    fill(error, { ...errorContext(error), ...context, ...definedOf(error) });
    return error;
  }
  return new RapportError(error instanceof Error ? error.message : String(error), { ...context, cause: error });
}

function definedOf(error: RapportError): ErrorContext {
  return Object.fromEntries(fields.filter((f) => error[f] !== undefined).map((f) => [f, error[f]]));
}

/** The context as one parenthesised line ('(stage extract:orders, run r-1, source orders, at a.csv, row 5)'), or '' when it names nothing. */
export function formatContext(context: ErrorContext): string {
  const parts = fields.filter((f) => context[f] !== undefined).map((f) => `${labels[f]} ${String(context[f])}`);
  return parts.length === 0 ? '' : `(${parts.join(', ')})`;
}

/** How every command prints an error: its message, then its context on the next line when it has one. */
export function formatError(message: string, context: ErrorContext): string {
  const where = formatContext(context);
  return where ? `${message}\n${where}` : message;
}

/** The error as a JSON object for `--json` output: message and the context fields that are set. */
export function errorJson(message: string, context: ErrorContext): { message: string } & ErrorContext {
  return { message, ...Object.fromEntries(fields.filter((f) => context[f] !== undefined).map((f) => [f, context[f]])) };
}
