// The options a DuckDbDialect is built from.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ConnectionMutex } from './connection-mutex.js';

/**
 * Options for {@link DuckDbDialect}.
 *
 * @example const config: DuckDbDialectConfig = { connection: warehouse.connection, mutex };
 */
export interface DuckDbDialectConfig {
  /**
   * The client connection to run every query on, or a function resolving to it (called once, before the
   * first query). The dialect never closes it.
   */
  readonly connection: DuckDBConnection | (() => Promise<DuckDBConnection>);
  /**
   * The lock that serialises use of the connection. Pass the one your other code on the same connection
   * uses; a fresh one is created when omitted.
   */
  readonly mutex?: ConnectionMutex;
}
