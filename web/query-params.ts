// Checks the query parameters of each page at the edge with zod: a bad value is a clear 400, never a database error.
import type { Context } from 'hono';
import { z } from 'zod';

/** A request whose parameters are not what the page takes; rendered as a 400 page with `message`. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

const search = z.string().max(200, 'at most 200 characters').default('');

/** `/segments/:slug`: a page number and an optional member search. */
export const SegmentQuery = z.object({
  page: z.string().regex(/^\d{1,7}$/, 'expected a page number from 1 to 9999999').transform(Number)
    .pipe(z.number().int().min(1, 'expected a page number from 1 to 9999999')).default(1),
  q: search,
  sort: z.enum(['customer_id', 'monetary', 'frequency', 'recency_days'], 'expected customer_id, monetary, frequency or recency_days').default('customer_id'),
  dir: z.enum(['asc', 'desc'], 'expected asc or desc').default('asc'),
});

/** `/`: which kept report to show. */
export const OverviewQuery = z.object({ report: z.string().max(100, 'at most 100 characters').optional() });

/**
 * The query parameters of `c` checked against `schema` (each parameter's first value; unknown ones ignored).
 * @throws BadRequest naming the parameter and what it expects.
 * @example const { page, q } = queryParams(c, SegmentQuery);
 */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  throw new BadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
}
