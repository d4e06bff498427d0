// The config contract of the sinks (exports, webhooks, custom segments): zod and plain data only, so that a config
// can be checked without loading DuckDB, Arrow or any writer.
import { z } from 'zod';

export const exportFormats = ['csv', 'parquet', 'json', 'ndjson', 'arrow'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** What an export is keyed by: email (an email audience), the customer id, or an account reference. */
export const exportKeys = ['email', 'customer_id', 'account'] as const;
export type ExportKey = (typeof exportKeys)[number];

/** Ad platforms whose phone format differs: Google wants E.164 with "+", Meta the same digits without it. */
export const hashPlatforms = ['google', 'meta'] as const;
export type HashPlatform = (typeof hashPlatforms)[number];

/** A segment name as a file-name stem: lower-case letters and digits joined by single dashes ("At Risk" -> "at-risk"). */
export function segmentSlug(segment: string): string {
  return segment.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'segment';
}

// --- Custom segments' filter language (compiled to SQL by segment-filter.ts).

const column = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected a column name (lower-case letters, digits and "_")');
const scalar = z.union([z.string(), z.number().refine(Number.isFinite, 'expected a finite number'), z.boolean()], {
  error: 'expected a string, a number or a boolean',
});

/** The operators a condition may use. */
export const filterOps = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'not_in', 'contains', 'is_null', 'not_null'] as const;

const Condition = z.discriminatedUnion(
  'op',
  [
    z.object({ column, op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']), value: scalar }).strict(),
    z.object({ column, op: z.literal('between'), value: z.tuple([scalar, scalar]) }).strict(),
    z.object({ column, op: z.enum(['in', 'not_in']), value: z.array(scalar).min(1) }).strict(),
    z.object({ column, op: z.literal('contains'), value: z.string() }).strict(),
    z.object({ column, op: z.enum(['is_null', 'not_null']) }).strict(),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `unknown operator ${JSON.stringify((issue.input as { op?: unknown })?.op)}: expected one of ${filterOps.join(', ')}` : undefined) },
);

/** One test on one column, e.g. `{ column: 'predicted_clv', op: 'gt', value: 200 }`. */
export type FilterCondition = z.infer<typeof Condition>;
/** A filter: a condition, or `all` (and), `any` (or), `not` over filters. */
export type SegmentFilter = FilterCondition | { all: SegmentFilter[] } | { any: SegmentFilter[] } | { not: SegmentFilter };

const shapes = 'a filter is { all: [...] }, { any: [...] }, { not: {...} } or { column, op, value }';

/**
 * The zod contract of a filter. It dispatches on the node's key so that errors point at the node that is wrong
 * (a plain union would only say "invalid input" at the top).
 */
export const SegmentFilter: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.unknown().superRefine((input, ctx) => {
    const schema = schemaFor(input);
    if (typeof schema === 'string') return void ctx.addIssue({ code: 'custom', message: schema });
    const result = schema.safeParse(input);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }),
) as unknown as z.ZodType<SegmentFilter>;

const All = z.object({ all: z.array(SegmentFilter).min(1, 'expected at least one filter') }).strict();
const Any = z.object({ any: z.array(SegmentFilter).min(1, 'expected at least one filter') }).strict();
const Not = z.object({ not: SegmentFilter }).strict();

function schemaFor(input: unknown): z.ZodType | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `expected an object: ${shapes}`;
  const keys = Object.keys(input);
  if (keys.includes('all')) return All;
  if (keys.includes('any')) return Any;
  if (keys.includes('not')) return Not;
  if (keys.includes('column') || keys.includes('op')) return Condition;
  return `unrecognised filter with keys ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}: ${shapes}`;
}

/** A webhook an export is POSTed to in batches (see sinks/webhook.ts). */
export const WebhookConfig = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    batchSize: z.int().positive().max(100_000).default(500),
    maxAttempts: z.int().positive().max(20).default(5),
    /** Environment variable holding a bearer token, sent as `Authorization: Bearer <token>`; never recorded. */
    tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as CRM_TOKEN').optional(),
  })
  .strict();

export const ExportConfig = z
  .object({
    /** Segment to export: an RFM segment name such as "At Risk", or a custom segment from `segments`. */
    segment: z.string().min(1),
    format: z.enum(exportFormats).default('csv'),
    /** Columns to write (default: the standard export columns, or the hashes when `hashed`). */
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** Write SHA-256 hashes of normalised email and phone for ad platforms' customer-match uploads. */
    hashed: z.boolean().default(false),
    /** Phone form before hashing: google = E.164 with "+", meta = E.164 digits without "+". */
    platform: z.enum(hashPlatforms).default('google'),
    /** ISO country for phones without a country code, e.g. "GB". */
    phoneCountry: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter ISO country code such as "GB"').optional(),
    /** Write only who joined (change = add) and left (change = remove) since this entry's previous delta (same file/webhook). */
    sinceLast: z.boolean().default(false),
    /** CSV only: start with a UTF-8 byte-order mark. */
    bom: z.boolean().default(false),
    /** Keep complained, unsubscribed, bounced and email-less members: never for email audiences. */
    includeSuppressed: z.boolean().default(false),
    /** What identifies a member: email (default), customer_id (shops that know customers only by id) or account. */
    key: z.enum(exportKeys).optional(),
    webhook: WebhookConfig.optional(),
  })
  .strict();
export type ExportConfig = z.infer<typeof ExportConfig>;

/** A custom segment: a typed filter over customer_360, rfm_segments and (when built) clv_predictions columns. */
export const CustomSegmentConfig = z
  .object({ where: SegmentFilter, description: z.string().optional() })
  .strict();

/** The file an export entry writes: `<segment-slug>[-hashed][-changes].<format>` in `outputs.exports`. */
export function exportFileName(e: Pick<ExportConfig, 'segment' | 'format' | 'hashed' | 'sinceLast'>): string {
  return `${segmentSlug(e.segment)}${e.hashed ? '-hashed' : ''}${e.sinceLast ? '-changes' : ''}.${e.format}`;
}
