// The one module that opens the DuckDB warehouse: connection settings, migrations, and plain SQL helpers.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { migrate } from './migrate.js';

/** A value that can be bound to a `$n` placeholder. Dates are bound as UTC timestamps. */
export type SqlParam = string | number | boolean | bigint | null | Date;

/** An open warehouse: one DuckDB file (or `:memory:`) with Rapport's tables migrated. */
export interface Warehouse {
  /** The file this warehouse lives in, or `:memory:`. */
  readonly path: string;
  /** The underlying client connection, for bulk work (appenders, streaming). */
  readonly connection: DuckDBConnection;
  /** Runs one or more statements that return nothing of interest. */
  run(sql: string, params?: readonly SqlParam[]): Promise<void>;
  /** Runs a query and returns its rows as plain objects (see {@link toPlain} for the value mapping). */
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
  const run = async (sql: string, params: readonly SqlParam[] = []) => {
    await connection.run(sql, bindable(params));
  };
  return Object.freeze({
    path: file,
    connection,
    run,
    async all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const reader = await connection.runAndReadAll(sql, bindable(params));
      return reader.getRowObjectsJS().map((row) => toPlain(row) as T);
    },
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

function bindable(params: readonly SqlParam[]): DuckDBValue[] {
  // The client has no Date binding; an ISO string casts implicitly to TIMESTAMP in UTC (the session zone).
  return params.map((p) => (p instanceof Date ? p.toISOString().replace('T', ' ').replace('Z', '') : p));
}

/**
 * Maps client values to what callers expect from a row: integers that fit become numbers (DuckDB's
 * `count(*)` is BIGINT), nested lists and structs are mapped recursively, Dates stay Dates (UTC).
 */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** Quotes an identifier for DuckDB SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for DuckDB SQL (for values that cannot be bound, such as file paths in table functions). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
