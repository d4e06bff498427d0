// The segment catalogue: RFM segments from rfm_segments plus custom (config) and built-in segments, with sizes and dates.
import { sql, type RawBuilder } from 'kysely';
import type { Warehouse } from '../warehouse/warehouse.js';
import { audienceColumns, type AudienceColumns } from './audience-columns.js';
import { isBuiltIn, withBuiltIns } from './builtin-segments.js';
import type { DB } from '../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../warehouse/query-builder.js';
import { segmentSlug } from './output-path.js';
import { compileFilter, SegmentFilterError, type SegmentFilter } from './segment-filter.js';
import { emailableSql } from './suppression.js';

/** A custom segment from config: `segments: { 'High-value at risk': { where: {...}, description: '...' } }`. */
export interface CustomSegment {
  readonly where: SegmentFilter;
  readonly description?: string | undefined;
}
export type CustomSegments = Readonly<Record<string, CustomSegment>>;

/** A segment ready to query: its name, its kind and the condition that selects its members. */
export interface ResolvedSegment {
  readonly name: string;
  readonly kind: SegmentKind;
  readonly where: RawBuilder<boolean>;
  readonly columns: AudienceColumns;
}

/** RFM segments come from rfm_segments, custom ones from the config, built-in ones from builtin-segments.ts. */
export type SegmentKind = 'rfm' | 'custom' | 'built-in';

/** One line of `rapport segments`. */
export interface SegmentInfo {
  readonly name: string;
  readonly kind: SegmentKind;
  readonly description?: string | undefined;
  /** Members, and members an email may go to (see suppression.ts); null when the segment cannot be computed. */
  readonly customers: number | null;
  readonly emailable: number | null;
  /** The as-of date of the data ('YYYY-MM-DD') and when its tables were last built by a pipeline run. */
  readonly asOf: string | null;
  readonly computedAt: Date | null;
  /** Why the segment cannot be computed now (e.g. its filter needs a table that does not exist yet). */
  readonly error?: string;
}

/**
 * Finds a segment by exact name, else by its slug ("at-risk" finds "At Risk"); custom segments (the config's, then
 * the built-in ones of builtin-segments.ts) are checked first.
 * The returned condition is compiled against the columns present now, so a filter on CLV columns works as soon
 * as clv_predictions exists and fails with a clear message before.
 * @throws Error listing the known segments when none matches; SegmentFilterError when the filter does not fit.
 */
export async function resolveSegment(wh: Warehouse, name: string, configured: CustomSegments): Promise<ResolvedSegment> {
  const custom = withBuiltIns(configured);
  const columns = await audienceColumns(wh);
  const rfm = await rfmSegmentNames(wh, columns);
  const customNames = Object.keys(custom);
  const exact = customNames.find((n) => n === name) ?? rfm.find((n) => n === name);
  const match = exact ?? [...customNames, ...rfm].find((n) => segmentSlug(n) === segmentSlug(name));
  if (match === undefined) {
    const known = [...rfm, ...customNames];
    throw new Error(`unknown segment ${JSON.stringify(name)}: expected one of ${known.length ? known.map((n) => JSON.stringify(n)).join(', ') : '(none: run a pipeline first, or define segments in the config)'}`);
  }
  const definition = custom[match];
  if (definition) return { name: match, kind: isBuiltIn(match, configured) ? 'built-in' : 'custom', where: compileFilter(definition.where, columns, match), columns };
  return { name: match, kind: 'rfm', where: sql<boolean>`${sql.ref('r.segment')} = ${match}`, columns };
}

/**
 * Lists the RFM segments present in rfm_segments and every custom segment, with member counts. A custom segment
 * whose filter does not fit the warehouse is listed with its error instead of failing the whole list.
 */
export async function listSegments(wh: Warehouse, configured: CustomSegments): Promise<SegmentInfo[]> {
  const custom = withBuiltIns(configured);
  const columns = await audienceColumns(wh);
  const built = await lastBuilt(wh);
  const latest = (tables: readonly string[]) =>
    tables.map((t) => built.get(t)).filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const out: SegmentInfo[] = [];
  if (columns.tables.includes('rfm_segments')) {
    const rows = await selectRows<{ name: string; customers: number; emailable: number; as_of: string | null }>(wh, sql`
      SELECT r.segment AS name, count(*) AS customers, count(*) FILTER (WHERE ${emailableSql}) AS emailable, max(r.as_of) AS as_of
      FROM ${columns.from} WHERE r.segment IS NOT NULL GROUP BY r.segment ORDER BY r.segment`);
    for (const r of rows) out.push({ name: r.name, kind: 'rfm', customers: r.customers, emailable: r.emailable, asOf: r.as_of, computedAt: latest(['rfm_segments']) });
  }
  const asOfRef = columns.byName.get('as_of')?.ref ?? 'c.as_of';
  for (const [name, def] of Object.entries(custom)) {
    const base = { name, kind: isBuiltIn(name, configured) ? 'built-in' as const : 'custom' as const, description: def.description, computedAt: latest(columns.tables) };
    try {
      const where = compileFilter(def.where, columns, name);
      const [r] = await selectRows<{ customers: number; emailable: number; as_of: string | null }>(wh, sql`
        SELECT count(*) AS customers, count(*) FILTER (WHERE ${emailableSql}) AS emailable,
               coalesce(max(${sql.ref(asOfRef)}), (SELECT max(as_of) FROM customer_360)) AS as_of   -- an empty segment is still as of the data's date
        FROM ${columns.from} WHERE ${where}`);
      out.push({ ...base, customers: r?.customers ?? 0, emailable: r?.emailable ?? 0, asOf: r?.as_of ?? null });
    } catch (error) {
      // A built-in segment is listed once the columns it filters on exist (customer_360's support columns, CLV).
      if (base.kind === 'built-in' && error instanceof SegmentFilterError) continue;
      out.push({ ...base, customers: null, emailable: null, asOf: null, error: (error as Error).message });
    }
  }
  return out;
}

const db = queryBuilder<DB>();

async function rfmSegmentNames(wh: Warehouse, columns: AudienceColumns): Promise<string[]> {
  if (!columns.tables.includes('rfm_segments')) return [];
  const rows = await selectRows(wh, db.selectFrom('rfm_segments').select('segment').distinct().where('segment', 'is not', null).orderBy('segment'));
  return rows.map((r) => r.segment);
}

/** When each audience table was last built by a successful pipeline step (steps are named after their tables). */
async function lastBuilt(wh: Warehouse): Promise<Map<string, Date>> {
  const rows = await wh.all<{ step: string; ended_at: Date }>(
    `SELECT step, max(ended_at) AS ended_at FROM pipeline_steps
     WHERE status = 'success' AND step IN ('customer_360', 'rfm_segments', 'clv_predictions') GROUP BY step`,
  );
  return new Map(rows.map((r) => [r.step, r.ended_at]));
}
