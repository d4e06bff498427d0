// The Kysely dialect for DuckDB through the official `@duckdb/node-api` client.
import {
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { DuckDbAdapter } from './duckdb-adapter.js';
import type { DuckDbDialectConfig } from './duckdb-dialect-config.js';
import { DuckDbDriver } from './duckdb-driver.js';
import { DuckDbIntrospector } from './duckdb-introspector.js';

/**
 * Kysely dialect for DuckDB over one existing client connection, so Kysely and other code share it.
 *
 * Queries are serialised on that connection: each query, and each transaction or stream as a whole,
 * holds it exclusively. Inside `db.transaction().execute(trx => …)` use `trx`, not `db`: a query on
 * `db` waits for the transaction to end, which waits for that query, and both hang.
 *
 * Values: Dates bind as UTC TIMESTAMPs (TIMESTAMPTZ where DuckDB expects one); TIMESTAMP/TIMESTAMPTZ
 * read back as Dates of the UTC instant, floored to milliseconds; DATE reads as 'YYYY-MM-DD'; BIGINT as
 * number when safe, else bigint; DECIMAL as number. See `bindParameters` and `convertValue`.
 * No conversion reads the machine's time zone. Reading a TIMESTAMP as a UTC instant assumes the
 * warehouse's convention that TIMESTAMP columns hold UTC wall-clock time; TIMESTAMPTZ needs no convention.
 *
 * Not supported: savepoints (DuckDB has none), isolation levels, and the dialect does not close the
 * connection on `db.destroy()`.
 *
 * @example
 * const connection = await (await DuckDBInstance.create('data/warehouse.duckdb')).connect();
 * const db = new Kysely<DB>({ dialect: new DuckDbDialect({ connection }) });
 */
export class DuckDbDialect implements Dialect {
  readonly #config: DuckDbDialectConfig;

  constructor(config: DuckDbDialectConfig) {
    this.#config = Object.freeze({ ...config });
  }

  createDriver(): Driver {
    return new DuckDbDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    // DuckDB parses Postgres' `$n` placeholders, double-quoted identifiers and RETURNING as they are.
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new DuckDbAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDbIntrospector(db);
  }
}
