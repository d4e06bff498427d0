// Compares the columns a source delivers with the ones it delivered last time, and applies the source's drift policy.
import type { ObservedColumn } from './stage-mapped.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export type DriftPolicy = 'evolve' | 'stop';

export interface DriftCheck {
  readonly warehouse: Warehouse;
  readonly source: string;
  readonly location: string;
  readonly runId: string;
  readonly policy: DriftPolicy;
  readonly log: (message: string) => void;
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

/**
 * Records the columns on first sight; afterwards reports every new, missing or retyped column. Under `evolve`
 * the changes are logged and the new columns recorded; under `stop` nothing is recorded and it throws.
 * @throws Error naming the source, the location and each changed column, when the policy is `stop`.
 */
export async function checkSchemaDrift(check: DriftCheck, observed: readonly ObservedColumn[]): Promise<void> {
  const wh = check.warehouse;
  const [row] = await wh.all<{ columns: string }>('SELECT columns FROM source_schemas WHERE source = $1', [check.source]);
  const before = row ? (JSON.parse(row.columns) as ObservedColumn[]) : undefined;
  const changes = before ? describeDrift(before, observed) : [];
  if (before && changes.length === 0) return;
  const what = `source ${check.source}: schema drift at ${check.location}: ${changes.join('; ')}`;
  if (changes.length > 0 && check.policy === 'stop') {
    throw new Error(`${what}. onSchemaDrift is 'stop', so nothing was loaded from it; fix the source, or set onSchemaDrift: 'evolve' to accept the change`);
  }
  if (changes.length > 0) check.log(`${what} (accepted: onSchemaDrift is 'evolve')`);
  const known = new Map((before ?? []).map((c) => [c.name, c.type]));
  const merged = observed.map((c) => ({ name: c.name, type: c.type === 'NULL' ? (known.get(c.name) ?? 'NULL') : c.type }));
  await wh.run('INSERT OR REPLACE INTO source_schemas VALUES ($1, $2, $3, $4, now())', [check.source, JSON.stringify(merged), check.location, check.runId]);
}
