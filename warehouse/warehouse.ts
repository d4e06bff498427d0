// The one module that opens the DuckDB warehouse: connection settings, migrations, and plain SQL helpers.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CompiledQuery } from 'kysely';
import { DuckDbDatabaseConnection } from './dialect/index.js';
import { migrate } from './migrate.js';

/** A value that can be bound to a `$n` placeholder (see `dialect/bind-parameters.ts`; Dates bind as UTC timestamps). */
export type SqlParam = string | number | boolean | bigint | null | Date;

/** An open warehouse: one DuckDB file (or `:memory:`) with Rapport's tables migrated. */
export interface Warehouse {
  /** The file this warehouse lives in, or `:memory:`. */
  readonly path: string;
  /** The underlying client connection, for bulk work (appenders, streaming). */
  readonly connection: DuckDBConnection;
  /** Runs one or more statements that return nothing of interest. */
  run(sql: string, params?: readonly SqlParam[]): Promise<void>;
  /**
   * Runs a query and returns its rows as plain objects, converted as the Kysely dialect does (`dialect/convert-value.ts`):
   * safe integers as numbers (so `count(*)` is a number), DECIMAL as number, TIMESTAMP as Date (UTC), DATE as 'YYYY-MM-DD'.
   */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs `fn` inside BEGIN/COMMIT; rolls back and rethrows when it throws. Not re-entrant. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Closes the connection and the database file. */
  close(): void;
}

/**
 * Opens (creating if needed) the warehouse file and brings its internal tables up to date.
 * The session time zone is pinned to UTC so that timestamps never depend on the machine running the job.
 *
 * @throws Error naming the file when DuckDB cannot open it (for example another process holds the write lock).
 * @example const wh = await openWarehouse('data/warehouse.duckdb');
 */
export async function openWarehouse(file: string): Promise<Warehouse> {
  if (file !== ':memory:') await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (cause) {
    throw new Error(`cannot open warehouse ${file}: ${(cause as Error).message}`, { cause });
  }
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  const warehouse = wrap(file, instance, connection);
  await migrate(warehouse);
  return warehouse;
}

function wrap(file: string, instance: DuckDBInstance, connection: DuckDBConnection): Warehouse {
  let inTransaction = false;
  const queries = new DuckDbDatabaseConnection(connection);
  const all = async <T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> =>
    (await queries.executeQuery<T>(CompiledQuery.raw(sql, [...params]))).rows;
  const run = async (sql: string, params: readonly SqlParam[] = []) => {
    if (params.length === 0) await connection.run(sql); // several statements, no parameters: the common DDL case
    else await all(sql, params);
  };
  return Object.freeze({
    path: file,
    connection,
    run,
    all,
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTransaction) throw new Error('nested warehouse transactions are not supported');
      inTransaction = true;
      await run('BEGIN TRANSACTION');
      try {
        const result = await fn();
        await run('COMMIT');
        return result;
      } catch (error) {
        await run('ROLLBACK');
        throw error;
      } finally {
        inTransaction = false;
      }
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  });
}

/** Quotes an identifier for DuckDB SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for DuckDB SQL (for values that cannot be bound, such as file paths in table functions). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
