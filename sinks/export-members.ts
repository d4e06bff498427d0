// Selects a segment's members into a temporary table with each one's reason to be left out, all in one query.
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Warehouse } from '../warehouse/warehouse.js';
import { selectRows } from '../warehouse/query-builder.js';
import type { ExportColumn } from './export-formats.js';
import type { ResolvedSegment } from './segment-catalogue.js';
import type { ExportKey } from './sink-config.js';
import type { SuppressionReason } from './suppression.js';

export { exportKeys, type ExportKey } from './sink-config.js';

export interface MemberSelection {
  /** The temporary table holding the members (one per export, so exports sharing a connection never mix); drop it with {@link dropMembers}. */
  readonly table: string;
  /** Members kept, after suppression (hashed exports may still drop some without a usable identifier). */
  readonly kept: number;
  /** Members left out, by reason. */
  readonly suppressed: Partial<Record<SuppressionReason, number>>;
}

/**
 * Creates a temp table `export_members_<random>` with the segment's members: `__key` (customer id), `__reason` (why they
 * are left out, NULL when kept), `__email` (and for hashed exports `__phones`, the identifiers hashing needs) and the `columns` asked for,
 * then counts them by reason. Consent outranks identifiers: complained, then unsubscribed, then bounced; then, by
 * key, no email (email audiences) or no account (account audiences). `includeSuppressed` keeps everyone.
 * @throws Error from DuckDB when the segment's filter or a column does not fit the tables.
 */
export async function selectMembers(
  wh: Warehouse, segment: ResolvedSegment, columns: readonly ExportColumn[],
  options: { readonly key: ExportKey; readonly includeSuppressed: boolean; readonly hashed: boolean },
): Promise<MemberSelection> {
  const reason = options.includeSuppressed ? sql`NULL::VARCHAR` : reasonSql(options.key, options.hashed);
  const selected = columns.map((c) => sql`, ${sql.ref(segment.columns.byName.get(c.name)!.ref)} AS ${sql.id(c.name)}`);
  const table = `export_members_${randomBytes(6).toString('hex')}`;
  await selectRows(wh, sql`
    CREATE TEMP TABLE ${sql.table(table)} AS
    SELECT c.customer_id AS __key, ${reason} AS __reason, c.primary_email AS __email
      ${options.hashed ? sql`, c.phones AS __phones` : sql``} ${sql.join(selected, sql``)}
    FROM ${segment.columns.from} WHERE ${segment.where}`);
  // Reasons in the order their first member comes by customer id: the order the recorded JSON has always had.
  const counts = await wh.all<{ reason: SuppressionReason | null; n: number }>(
    `SELECT __reason AS reason, count(*) AS n FROM ${table} GROUP BY ALL ORDER BY min(__key)`);
  const suppressed: Partial<Record<SuppressionReason, number>> = {};
  for (const c of counts) if (c.reason !== null) suppressed[c.reason] = c.n;
  return { table, kept: counts.find((c) => c.reason === null)?.n ?? 0, suppressed };
}

/**
 * The reason expression (first match counts, in `suppressionReasons` order); customer_360 is aliased `c`. Also used by
 * the web app's member preview, so it marks exactly who a download leaves out.
 */
export function reasonSql(key: ExportKey, hashed: boolean): RawBuilder<unknown> {
  // A hashed audience is matched by hashed email or phone: whether either is usable is decided while hashing.
  const identifier = hashed ? sql``
    : key === 'email' ? sql`WHEN c.primary_email IS NULL THEN 'no_email'`
    : key === 'account' ? sql`WHEN coalesce(len(c.accounts), 0) = 0 THEN 'no_account'`
    : sql``;
  return sql`CASE WHEN coalesce(c.email_complained, false) THEN 'complained'
    WHEN coalesce(c.email_unsubscribed, false) THEN 'unsubscribed'
    WHEN coalesce(c.email_bounced, false) THEN 'bounced' ${identifier} END`;
}

/** The kept members' rows in customer-id order, for exports written in JS (hashed, deltas, Arrow). */
export async function keptMemberRows(wh: Warehouse, table: string): Promise<Record<string, unknown>[]> {
  return wh.all(`SELECT * EXCLUDE (__reason) FROM ${table} WHERE __reason IS NULL ORDER BY __key`);
}

/** Drops the members table of an export (temp tables would otherwise live as long as the connection). */
export async function dropMembers(wh: Warehouse, table: string): Promise<void> {
  await wh.run(`DROP TABLE IF EXISTS ${table}`);
}
