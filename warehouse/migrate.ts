// Applies pending migrations in order, each in its own transaction, and records them.
import type { Warehouse } from './warehouse.js';
import { migrations, type Migration } from './migrations.js';

/**
 * Brings the warehouse schema to the newest version. Safe to call on every open.
 * @throws Error naming the migration that failed; earlier migrations stay applied.
 */
export async function migrate(warehouse: Warehouse, all: readonly Migration[] = migrations): Promise<number[]> {
  await warehouse.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
  const done = new Set(
    (await warehouse.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const m of [...all].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    try {
      await warehouse.transaction(async () => {
        await warehouse.run(m.sql);
        await warehouse.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
      });
    } catch (cause) {
      throw new Error(`warehouse ${warehouse.path}: migration ${m.version} (${m.name}) failed: ${(cause as Error).message}`, { cause });
    }
    applied.push(m.version);
  }
  return applied;
}
