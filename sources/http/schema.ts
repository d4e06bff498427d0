// The config contract of an HTTP API source: endpoint, auth from env vars, pagination, incremental window, retries.
import { z } from 'zod';
import { contractNames } from '../contracts/index.js';
import { QuarantineLimit } from '../quarantine-limit.js';
import { FieldMapping } from '../field-mapping.js';
import { Lookback, StartDate } from '../incremental-config.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the NAME of an environment variable, not its value');

/** Credentials are named by environment variable; their values are read at extract time and never recorded. */
export const HttpAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), tokenEnv: envName }).strict(),
  z
    .object({ type: z.literal('api-key'), keyEnv: envName, header: z.string().min(1).optional(), queryParam: z.string().min(1).optional() })
    .strict()
    .refine((a) => (a.header === undefined) !== (a.queryParam === undefined), 'set exactly one of "header" or "queryParam"'),
]);

export const HttpPagination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  /** The page names the next cursor (a JSON path such as `$.next_cursor`); stops when it is missing, null or empty. */
  z.object({ type: z.literal('cursor'), param: z.string().min(1).default('cursor'), next: z.string().startsWith('$') }).strict(),
  /** Pages numbered from `first`; stops at the first page with fewer than `size` records. */
  z
    .object({
      type: z.literal('page'),
      param: z.string().min(1).default('page'),
      sizeParam: z.string().min(1).optional(),
      size: z.int().positive().default(100),
      first: z.int().min(0).default(1),
    })
    .strict(),
  /** Follows the `Link: <...>; rel="next"` response header (same origin only, so credentials never leave it). */
  z.object({ type: z.literal('link-header') }).strict(),
]);

export const HttpRequestPolicy = z
  .object({
    /** Per request, body included; a request still running then is aborted and retried. */
    timeoutMs: z.int().positive().default(30_000),
    /** Retries after a 429, a 5xx, a time-out or a network error; other 4xx fail at once. */
    retries: z.int().min(0).default(5),
    /** First back-off; doubles each retry, up to `maxBackoffMs`. */
    backoffMs: z.int().min(0).default(500),
    maxBackoffMs: z.int().min(0).default(30_000),
    /** A 429 asking to wait longer than this fails instead of sleeping. */
    maxRetryAfterS: z.number().min(0).default(300),
  })
  .strict();

export const HttpSourceConfig = z
  .object({
    connector: z.literal('http'),
    channel: z.enum(contractNames),
    /** The endpoint; its query string is kept. Put no credentials here: use `auth`. */
    url: z.url({ protocol: /^https?$/ }),
    /** `json` (an array of records, or an object holding one at `records`) or `csv` (parsed with papaparse, header row first). */
    format: z.enum(['json', 'csv']).default('json'),
    /** JSON path of the record array in a JSON page; default: the page itself if it is an array, else `$.data`. */
    records: z.string().startsWith('$').optional(),
    query: z.record(z.string(), z.string()).default({}),
    /** Extra request headers (not secrets: those go in `auth`). */
    headers: z.record(z.string(), z.string()).default({}),
    auth: HttpAuth.optional(),
    pagination: HttpPagination.default({ type: 'none' }),
    /** Asks only for records from the cursor minus `lookback`, by sending that ISO time as query parameter `param`. */
    incremental: z
      .object({
        param: z.string().min(1),
        /** The contract field whose latest value becomes the cursor; default: the channel's event time. */
        field: z.string().min(1).optional(),
        lookback: Lookback.default('0 days'),
        /** Sent on the first run, before any cursor exists; default: nothing sent (everything). */
        start: StartDate.optional(),
      })
      .strict()
      .optional(),
    /** Contract field -> key or JSON path in the record (`$.recipient.email`), or `{ sql }` over `line` (the record as JSON). */
    mapping: z.record(z.string(), FieldMapping).default({}),
    request: HttpRequestPolicy.default({ timeoutMs: 30_000, retries: 5, backoffMs: 500, maxBackoffMs: 30_000, maxRetryAfterS: 300 }),
    /** Records per load transaction; pages are accumulated up to this. */
    batchRows: z.int().positive().default(50_000),
    /** Safety stop against an API that paginates forever. */
    maxPages: z.int().positive().default(100_000),
    onSchemaDrift: z.enum(['evolve', 'stop']).default('evolve'),
    /** Fail a batch when more than this share of its records is quarantined (0–1, default 0.5). */
    quarantineLimit: QuarantineLimit,
  })
  .strict();
export type HttpSourceConfig = z.infer<typeof HttpSourceConfig>;
export type HttpRequestPolicy = z.infer<typeof HttpRequestPolicy>;
export type HttpPagination = z.infer<typeof HttpPagination>;
