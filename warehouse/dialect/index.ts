// Public surface of the Kysely DuckDB dialect.
export { bindParameters } from './bind-parameters.js';
export { ConnectionMutex } from './connection-mutex.js';
export { convertValue } from './convert-value.js';
export { DuckDbAdapter } from './duckdb-adapter.js';
export { DuckDbDatabaseConnection } from './duckdb-database-connection.js';
export { DuckDbDialect } from './duckdb-dialect.js';
export type { DuckDbDialectConfig } from './duckdb-dialect-config.js';
export { DuckDbDriver } from './duckdb-driver.js';
export { DuckDbIntrospector } from './duckdb-introspector.js';
export { DuckDbQueryError } from './duckdb-query-error.js';
