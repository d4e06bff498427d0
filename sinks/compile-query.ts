// Compiles Kysely raw SQL builders to DuckDB SQL text plus bound parameters, without a database connection.
import { DummyDriver, Kysely, PostgresQueryCompiler, type CompiledQuery, type RawBuilder } from 'kysely';
import { DuckDbAdapter, DuckDbIntrospector } from '../warehouse/dialect/index.js';
import type { SqlParam, Warehouse } from '../warehouse/warehouse.js';

// Compile-only: the warehouse runs the result through its own connection (`wh.all`), so no second client
// holds the DuckDB connection. The compiler is the one DuckDbDialect uses ($n placeholders, "quoted" names).
const compiler = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new DuckDbAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new DuckDbIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/**
 * Compiles `query` to `{ sql, parameters }` for `wh.all(sql, parameters)`.
 * @example const { sql: text, parameters } = compileQuery(sql`SELECT ${1} AS one`); // 'SELECT $1 AS one', [1]
 */
export function compileQuery<T>(query: RawBuilder<T>): CompiledQuery<T> {
  return query.compile(compiler);
}

/** Compiles `query` and runs it on the warehouse's connection, returning its rows. */
export async function queryRows<T>(wh: Warehouse, query: RawBuilder<unknown>): Promise<T[]> {
  const compiled = compileQuery(query);
  return wh.all<T>(compiled.sql, compiled.parameters as readonly SqlParam[]);
}
