// Segment sizes over time (from rfm_history) and a paged, searchable preview of a segment's members.
import { sql } from 'kysely';
import type { DB } from '../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../warehouse/query-builder.js';
import { resolveSegment, type CustomSegments } from '../sinks/segment-catalogue.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const db = queryBuilder<DB>();

/** Member counts of each RFM segment at each recorded as-of date, oldest first. */
export async function segmentTrends(wh: Warehouse): Promise<Map<string, { asOf: string; customers: number }[]>> {
  const [exists] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'rfm_history'`);
  const out = new Map<string, { asOf: string; customers: number }[]>();
  if (!exists?.n) return out;
  const rows = await selectRows(wh, db.selectFrom('rfm_history')
    .select(['segment', 'as_of', (eb) => eb.fn.countAll<number>().as('customers')])
    .where('segment', 'is not', null).groupBy(['segment', 'as_of']).orderBy('as_of'));
  for (const r of rows) out.set(r.segment, [...(out.get(r.segment) ?? []), { asOf: r.as_of, customers: r.customers }]);
  return out;
}

export interface MemberPage {
  readonly segment: string;
  readonly rows: readonly { customer_id: string; primary_email: string | null; monetary: unknown; frequency: unknown; recency_days: unknown }[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * One page of a segment's members, optionally only those whose id or email contains `search` (case-insensitive,
 * literally: no character of it is a wildcard).
 * The segment goes through the sink's `resolveSegment`, so an unknown name is an error, never a table or file name.
 */
export async function segmentMembers(
  wh: Warehouse, name: string, custom: CustomSegments, options: { search?: string; page?: number; pageSize?: number } = {},
): Promise<MemberPage> {
  const segment = await resolveSegment(wh, name, custom);
  const pageSize = options.pageSize ?? 25;
  const page = Math.max(1, options.page ?? 1);
  const search = (options.search ?? '').trim().toLowerCase();
  const col = (n: string) => (segment.columns.byName.has(n) ? sql.ref(segment.columns.byName.get(n)!.ref) : sql`NULL`);
  // contains(), not LIKE: `%`, `_` and `\` in a search are the characters themselves, never wildcards.
  const match = search ? sql`AND (contains(lower(c.customer_id), ${search}) OR contains(lower(coalesce(c.primary_email, '')), ${search}))` : sql``;
  const [count] = await selectRows<{ n: number }>(wh, sql`SELECT count(*) AS n FROM ${segment.columns.from} WHERE ${segment.where} ${match}`);
  const rows = await selectRows<MemberPage['rows'][number]>(wh, sql`
    SELECT c.customer_id, c.primary_email, ${col('monetary')} AS monetary, ${col('frequency')} AS frequency, ${col('recency_days')} AS recency_days
    FROM ${segment.columns.from} WHERE ${segment.where} ${match}
    ORDER BY c.customer_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  return { segment: segment.name, rows, total: count?.n ?? 0, page, pageSize };
}
