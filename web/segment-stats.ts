// Segment sizes over time (from rfm_history) and a paged, searchable preview of a segment's members.
import { sql } from 'kysely';
import type { DB } from '../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../warehouse/query-builder.js';
import { resolveSegment, type CustomSegments } from '../sinks/segment-catalogue.js';
import { reasonSql } from '../sinks/export-members.js';
import type { SuppressionReason } from '../sinks/suppression.js';
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

/** Columns the member preview sorts by. */
export const memberSortKeys = ['customer_id', 'monetary', 'frequency', 'recency_days'] as const;
export type MemberSortKey = (typeof memberSortKeys)[number];

export interface MemberPage {
  readonly segment: string;
  readonly rows: readonly {
    customer_id: string; primary_email: string | null; monetary: number | null; frequency: number | null; recency_days: number | null;
    /** Why a download (plain CSV and the other plain formats) leaves this member out; NULL when it keeps them. */
    left_out: SuppressionReason | null;
  }[];
  readonly total: number;
  /** Matching members a download leaves out, by reason (the same rule as `rapport export segment`). */
  readonly leftOut: Readonly<Partial<Record<SuppressionReason, number>>>;
  readonly sort: MemberSortKey;
  readonly descending: boolean;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * One page of a segment's members, optionally only those whose id or email contains `search` (case-insensitive,
 * literally: no character of it is a wildcard).
 * The segment goes through the sink's `resolveSegment`, so an unknown name is an error, never a table or file name.
 */
export async function segmentMembers(
  wh: Warehouse, name: string, custom: CustomSegments,
  options: { search?: string; page?: number; pageSize?: number; sort?: MemberSortKey; descending?: boolean } = {},
): Promise<MemberPage> {
  const segment = await resolveSegment(wh, name, custom);
  const pageSize = options.pageSize ?? 25;
  const page = Math.max(1, options.page ?? 1);
  const search = (options.search ?? '').trim().toLowerCase();
  const col = (n: string) => (segment.columns.byName.has(n) ? sql.ref(segment.columns.byName.get(n)!.ref) : sql`NULL`);
  // contains(), not LIKE: `%`, `_` and `\` in a search are the characters themselves, never wildcards.
  const match = search ? sql`AND (contains(lower(c.customer_id), ${search}) OR contains(lower(coalesce(c.primary_email, '')), ${search}))` : sql``;
  const reason = reasonSql('email', false);
  const counts = await selectRows<{ reason: SuppressionReason | null; n: number }>(wh,
    sql`SELECT ${reason} AS reason, count(*) AS n FROM ${segment.columns.from} WHERE ${segment.where} ${match} GROUP BY ALL`);
  const sort = options.sort ?? 'customer_id';
  const descending = options.descending ?? false;
  // The sort key is one of memberSortKeys (checked at the edge); the customer id breaks ties so pages never overlap.
  const order = sort === 'customer_id' ? sql`c.customer_id ${descending ? sql`DESC` : sql``}`
    : sql`${sql.ref(sort)} ${descending ? sql`DESC` : sql``} NULLS LAST, c.customer_id`;
  const rows = await selectRows<MemberPage['rows'][number]>(wh, sql`
    SELECT * FROM (SELECT c.customer_id, c.primary_email, ${col('monetary')}::DOUBLE AS monetary, ${col('frequency')}::DOUBLE AS frequency,
      ${col('recency_days')}::DOUBLE AS recency_days, ${reason} AS left_out
    FROM ${segment.columns.from} WHERE ${segment.where} ${match}) c
    ORDER BY ${order} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  const leftOut: Partial<Record<SuppressionReason, number>> = {};
  for (const c of counts) if (c.reason !== null) leftOut[c.reason] = c.n;
  return { segment: segment.name, rows, total: counts.reduce((n, c) => n + c.n, 0), leftOut, page, pageSize, sort, descending };
}
