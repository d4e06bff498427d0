// Gives each test of a file a fresh Kysely over the DuckDB dialect, on a real DuckDB file in a temp folder.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { afterEach, beforeEach } from 'vitest';
import { DuckDbDialect } from '../../warehouse/dialect/index.js';

/** Registers the setup and teardown hooks; call the returned function inside a test for that test's database. */
export function useDialectDb(): () => Kysely<Record<string, never>> {
  let dir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let db: Kysely<Record<string, never>>;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-dialect-'));
    instance = await DuckDBInstance.create(path.join(dir, 'warehouse.duckdb'));
    connection = await instance.connect();
    db = new Kysely({ dialect: new DuckDbDialect({ connection }) });
  });
  afterEach(async () => {
    await db.destroy();
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  });
  return () => db;
}
