// The one module that opens the DuckDB warehouse: connection settings, migrations, and plain SQL helpers.
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CompiledQuery } from 'kysely';
import { DuckDbDatabaseConnection } from './dialect/index.js';
import { migrate } from './migrate.js';
import { claimFile } from './held-here.js';
import { migrations } from './migrations.js';
import { openWhenFree, waitMsFrom } from './warehouse-busy.js';

export { WarehouseBusyError } from './warehouse-busy.js';

/** How to open the warehouse. */
export interface OpenOptions {
  /**
   * Open without write access: several read-only processes may share the file, but not while a writer holds
   * it (DuckDB refuses that across processes). No migrations run; an out-of-date file is an error. Within one
   * process, opens of a file take turns whatever their mode.
   */
  readonly readOnly?: boolean;
  /** How long to wait while another process holds the file; default `RAPPORT_WAREHOUSE_WAIT` seconds, else 60 s. */
  readonly waitMs?: number;
  /** Told once when the file is busy and the open starts waiting; default: a line on stderr. */
  readonly onWait?: (message: string) => void;
  /** Stops waiting early (the open then fails with `WarehouseBusyError`). */
  readonly signal?: AbortSignal;
  /**
   * DuckDB's memory limit (a size such as `3GB`); past it, large intermediate and temp tables spill to
   * `<warehouse>.tmp/`. Default `RAPPORT_MEMORY_LIMIT`, else `2GB`.
   */
  readonly memoryLimit?: string;
}

/**
 * The memory limit unless told otherwise: DuckDB's own default (80% of RAM) let one 30M-row load reach 10 GB of
 * resident memory. A full 1M-customer daily run peaks at 2.6 GiB with 2GB, 3.0 GiB with 2.5GB (3GB: 4.05 GiB, before
 * the allocator settings below), at about the same CPU time (BENCHMARKS.md): DuckDB spills to disk instead.
 */
export const defaultMemoryLimit = '2GB';

/**
 * Hands memory DuckDB's allocator has freed back to the system sooner (a background purge thread, and a flush after
 * any task that peaked over 32 MB instead of 128 MB): loading the 1M sample's 30M-row email file peaked at 2,957–2,994
 * MiB of resident memory against 3,183–3,610 MiB with DuckDB's defaults, and took less CPU (155–158 s against
 * 177–217 s), measured alternately on one machine (BENCHMARKS.md, "Peak memory").
 */
const allocatorSettings = "SET allocator_background_threads = true; SET allocator_flush_threshold = '32MB'";

/** Settings of every connection (the database-wide ones are set once, at open). */
const sessionSettings = "SET TimeZone = 'UTC'";

/** A value that can be bound to a `$n` placeholder (see `dialect/bind-parameters.ts`; Dates bind as UTC timestamps). */
export type SqlParam = string | number | boolean | bigint | null | Date;

/** A value {@link Warehouse.appendRows} writes: text, a boolean, a number (DOUBLE) or NULL. */
export type AppendValue = string | boolean | number | null;

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
  /**
   * Appends `rows` (values in the table's column order) to `table` through DuckDB's appender, with no SQL text per
   * row; `temp` names a TEMP table. Writes in the current transaction, if any; returns the number of rows.
   * @throws Error naming the table when DuckDB rejects a row (rows before it may be appended).
   */
  appendRows(table: string, rows: Iterable<readonly AppendValue[]>, options?: { readonly temp?: boolean }): Promise<number>;
  /** Runs `fn` inside BEGIN/COMMIT; rolls back and rethrows when it throws. Not re-entrant. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Another connection to the same open database, for work that runs beside this connection's (a pipeline's
   * concurrent steps): its own transactions, temp tables and variables, the same session settings. Its `close()`
   * closes only that connection; the database stays open until the warehouse that opened it closes.
   */
  session(): Promise<Warehouse>;
  /** Closes the connection and the database file. */
  close(): void;
}

/**
 * Opens (creating if needed) the warehouse file and brings its internal tables up to date.
 * The session time zone is pinned to UTC so that timestamps never depend on the machine running the job.
 * When another process holds the file (DuckDB has one writer), waits for it and says so once (`onWait`). So does
 * a second open of the same file in this process, even read-only: POSIX locks are per process, so two opens here
 * would share one lock and the first to close would silently drop it for the other (see `held-here.ts`).
 *
 * @throws WarehouseBusyError naming the file and the holder's pid when it stays busy for `waitMs`.
 * @throws Error naming the file when DuckDB cannot open it otherwise, or (read-only) when it is missing or not migrated.
 * @example const wh = await openWarehouse('data/warehouse.duckdb', { readOnly: true, waitMs: 10_000 });
 */
export async function openWarehouse(file: string, options: OpenOptions = {}): Promise<Warehouse> {
  const memoryLimit = options.memoryLimit ?? (process.env.RAPPORT_MEMORY_LIMIT || defaultMemoryLimit);
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    throw new Error(`memory limit "${memoryLimit}" (RAPPORT_MEMORY_LIMIT): expected a size such as 3GB or 512MB`);
  }
  const readOnly = options.readOnly === true && file !== ':memory:';
  if (file !== ':memory:' && !readOnly) await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  if (readOnly) {
    try {
      await access(file);
    } catch {
      throw new Error(`warehouse ${file} does not exist yet: run a pipeline first (rapport run daily)`);
    }
  }
  const { instance, letGo } = await openWhenFree(
    file,
    async () => {
      const letGo = file === ':memory:' ? () => {} : claimFile(file); // throws (and so waits) while open elsewhere here
      try {
        return { instance: await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {}), letGo };
      } catch (cause) {
        letGo();
        throw new Error(`cannot open warehouse ${file}: ${(cause as Error).message}`, { cause });
      }
    },
    {
      waitMs: waitMsFrom(options.waitMs),
      onWait: options.onWait ?? ((m) => process.stderr.write(`rapport: ${m}\n`)),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  let connection: DuckDBConnection;
  try {
    connection = await instance.connect();
    await connection.run(`${sessionSettings}; SET memory_limit = '${memoryLimit}'; ${allocatorSettings}`);
  } catch (error) {
    instance.closeSync();
    letGo();
    throw error;
  }
  const warehouse = wrap(file, instance, connection, letGo);
  try {
    if (readOnly) await checkMigrated(warehouse);
    else await migrate(warehouse);
  } catch (error) {
    warehouse.close();
    throw error;
  }
  return warehouse;
}

/** A read-only open cannot migrate, so it refuses a file that a newer Rapport has not brought up to date yet. */
async function checkMigrated(wh: Warehouse): Promise<void> {
  const latest = Math.max(...migrations.map((m) => m.version));
  const rows = await wh.all<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations').catch(() => []);
  const current = rows[0]?.v ?? 0;
  if (current < latest)
    throw new Error(`warehouse ${wh.path} is at schema version ${current}, this Rapport needs ${latest}: run a writing command (rapport run) once to migrate it`);
}

function wrap(file: string, instance: DuckDBInstance, connection: DuckDBConnection, letGo: (() => void) | null): Warehouse {
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
    async appendRows(table: string, rows: Iterable<readonly AppendValue[]>, options: { readonly temp?: boolean } = {}): Promise<number> {
      const appender = await connection.createAppender(table, 'main', options.temp ? 'temp' : undefined);
      let n = 0;
      try {
        for (const row of rows) {
          for (const v of row) {
            if (v === null) appender.appendNull();
            else if (typeof v === 'string') appender.appendVarchar(v);
            else if (typeof v === 'boolean') appender.appendBoolean(v);
            else appender.appendDouble(v);
          }
          appender.endRow();
          n++;
        }
        appender.flushSync();
      } catch (cause) {
        throw new Error(`appending to ${table}: ${(cause as Error).message}`, { cause });
      } finally {
        appender.closeSync();
      }
      return n;
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
    async session(): Promise<Warehouse> {
      const other = await instance.connect();
      await other.run(sessionSettings);
      return wrap(file, instance, other, null);
    },
    close() {
      connection.closeSync();
      if (letGo === null) return; // a session: the database stays open for the warehouse that opened it
      instance.closeSync();
      letGo(); // only now: another open here before DuckDB let go of its descriptor would share the OS lock
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
