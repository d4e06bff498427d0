// Kysely driver over one shared DuckDB connection: a mutex stands in for a connection pool of size one.
import type { DuckDBConnection } from '@duckdb/node-api';
import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { ConnectionMutex } from './connection-mutex.js';
import { DuckDbDatabaseConnection } from './duckdb-database-connection.js';
import type { DuckDbDialectConfig } from './duckdb-dialect-config.js';

/**
 * Hands the single connection to one Kysely caller at a time. A query holds it while it runs; a
 * transaction or stream holds it until it ends, so no other query can run inside someone else's
 * transaction. The driver never closes the connection: whoever created it owns it.
 *
 * @example const driver = new DuckDbDriver({ connection: () => instance.connect() });
 */
export class DuckDbDriver implements Driver {
  readonly #config: DuckDbDialectConfig;
  readonly #mutex: ConnectionMutex;
  #connection: DuckDbDatabaseConnection | undefined;
  #release: (() => void) | undefined;

  constructor(config: DuckDbDialectConfig) {
    this.#config = config;
    this.#mutex = config.mutex ?? new ConnectionMutex();
  }

  async init(): Promise<void> {
    const { connection } = this.#config;
    const client: DuckDBConnection = typeof connection === 'function' ? await connection() : connection;
    this.#connection = new DuckDbDatabaseConnection(client);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    if (!this.#connection) {
      release();
      throw new Error('the DuckDB driver is not initialised or was destroyed');
    }
    this.#release = release;
    return this.#connection;
  }

  /**
   * Starts a transaction. DuckDB offers one isolation level (snapshot isolation), so asking for any
   * level is refused rather than silently ignored.
   *
   * @throws Error when `settings.isolationLevel` is set.
   */
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel) {
      throw new Error(`DuckDB does not support isolation level '${settings.isolationLevel}'`);
    }
    const mode = settings.accessMode ? ` ${settings.accessMode.toUpperCase()}` : '';
    await connection.executeQuery(CompiledQuery.raw(`BEGIN TRANSACTION${mode}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    // Wait for the current holder so a running transaction is not cut off, then stop handing out the connection.
    await this.#mutex.runExclusive(async () => {
      this.#connection = undefined;
    });
  }
}
