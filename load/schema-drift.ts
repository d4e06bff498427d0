// Compares the columns a source delivers with the ones it delivered last time, and applies the source's drift policy.
import type { DriftPolicy, LoadWarning, ObservedColumn } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface DriftCheck {
  readonly warehouse: Warehouse;
  readonly source: string;
  readonly location: string;
  readonly runId: string;
  readonly policy: DriftPolicy;
}

/** One sentence per change between two column lists; a column seen only as null is not a type change. */
export function describeDrift(before: readonly ObservedColumn[], after: readonly ObservedColumn[]): string[] {
  const old = new Map(before.map((c) => [c.name, c.type]));
  const now = new Map(after.map((c) => [c.name, c.type]));
  const changes: string[] = [];
  for (const c of after) if (!old.has(c.name)) changes.push(`new column "${c.name}" (${c.type})`);
  for (const c of before) if (!now.has(c.name)) changes.push(`missing column "${c.name}" (was ${c.type})`);
  for (const c of after) {
    const was = old.get(c.name);
    if (was !== undefined && was !== c.type && c.type !== 'NULL' && was !== 'NULL') changes.push(`column "${c.name}" changed type from ${was} to ${c.type}`);
  }
  return changes;
}

/** What a drift check decided: the columns to record with the batch's rows, and what to warn about. */
export interface DriftOutcome {
  /** The source's columns to record in `source_schemas` when the batch commits (undefined: unchanged). */
  readonly schema?: readonly ObservedColumn[];
  readonly warnings: readonly LoadWarning[];
}

/**
 * Compares the columns with those recorded for the source. On first sight they are to be recorded; afterwards
 * every new, missing or retyped column is reported. Under `evolve` the changes become a warning and the new
 * columns are to be recorded; under `stop` it throws. Nothing is written here: the loader records the schema in
 * the transaction of the batch's rows, so a failed load leaves the drift to be seen again next time.
 * @throws Error naming the source, the location and each changed column, when the policy is `stop`.
 */
export async function checkSchemaDrift(check: DriftCheck, observed: readonly ObservedColumn[]): Promise<DriftOutcome> {
  const wh = check.warehouse;
  const [row] = await wh.all<{ columns: string }>('SELECT columns FROM source_schemas WHERE source = $1', [check.source]);
  const before = row ? (JSON.parse(row.columns) as ObservedColumn[]) : undefined;
  const changes = before ? describeDrift(before, observed) : [];
  if (before && changes.length === 0) return { warnings: [] };
  const what = `source ${check.source}: schema drift at ${check.location}: ${changes.join('; ')}`;
  if (changes.length > 0 && check.policy === 'stop') {
    throw new Error(`${what}. onSchemaDrift is 'stop', so nothing was loaded from it; fix the source, or set onSchemaDrift: 'evolve' to accept the change`);
  }
  const warnings = changes.length > 0 ? [{ kind: 'schema-drift', subject: check.source, message: `${what} (accepted: onSchemaDrift is 'evolve')` }] : [];
  const known = new Map((before ?? []).map((c) => [c.name, c.type]));
  return { schema: observed.map((c) => ({ name: c.name, type: c.type === 'NULL' ? (known.get(c.name) ?? 'NULL') : c.type })), warnings };
}

/** Records a source's columns (see {@link checkSchemaDrift}); the caller holds the load's transaction. */
export async function recordSchema(wh: Warehouse, source: string, columns: readonly ObservedColumn[], location: string, runId: string): Promise<void> {
  await wh.run('INSERT OR REPLACE INTO source_schemas VALUES ($1, $2, $3, $4, now())', [source, JSON.stringify(columns), location, runId]);
}
