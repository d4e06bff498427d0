// Kysely's query builder over a typed table interface, compiled for DuckDB and run on the warehouse's own connection.
import { DummyDriver, Kysely, PostgresQueryCompiler, type CompiledQuery, type Compilable, type RawBuilder } from 'kysely';
import { DuckDbAdapter, DuckDbIntrospector } from './dialect/index.js';
import type { SqlParam, Warehouse } from './warehouse.js';

// Compile-only: the warehouse runs the result through its own connection (`wh.all`), so no second client holds the
// DuckDB connection and reads share its transaction. The compiler is the one DuckDbDialect uses ($n placeholders,
// "quoted" names).
const compiler = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new DuckDbAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new DuckDbIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/**
 * A compile-only Kysely over `DB` (a table name -> row type interface, such as the models' `DB` in
 * transforms/contracts/): build queries with it, run them with {@link selectRows}. Executing it directly fails.
 * @example const db = queryBuilder<DB>(); await selectRows(wh, db.selectFrom('rfm_segments').select('segment'));
 */
export function queryBuilder<DB>(): Kysely<DB> {
  return compiler as unknown as Kysely<DB>;
}

/**
 * Compiles `query` (a Kysely builder, or a `sql` template) to `{ sql, parameters }` for `wh.all(sql, parameters)`.
 * @example const { sql: text, parameters } = compileQuery(sql`SELECT ${1} AS one`); // 'SELECT $1 AS one', [1]
 */
export function compileQuery<T>(query: RawBuilder<unknown> | Compilable<T>): CompiledQuery<T> {
  return ('isRawBuilder' in query ? query.compile(compiler) : query.compile()) as CompiledQuery<T>;
}

/**
 * Runs a query built with {@link queryBuilder} (or a `sql` template, typed by `T`) on the warehouse and returns its rows,
 * typed by the builder; values are converted as `wh.all` converts them (DATE as 'YYYY-MM-DD', TIMESTAMP as Date, ...).
 * @throws the warehouse's error naming DuckDB's message when the query fails.
 */
export async function selectRows<T>(wh: Warehouse, query: RawBuilder<unknown> | Compilable<T>): Promise<T[]> {
  const compiled = compileQuery(query);
  return wh.all<T>(compiled.sql, compiled.parameters as readonly SqlParam[]);
}
