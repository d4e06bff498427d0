// What Kysely may assume about DuckDB's SQL: RETURNING, transactional DDL, and how migrations lock.
import { DialectAdapterBase } from 'kysely';

/**
 * Dialect adapter for DuckDB.
 *
 * @example new DuckDbAdapter().supportsReturning; // true
 */
export class DuckDbAdapter extends DialectAdapterBase {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return true;
  }

  async acquireMigrationLock(): Promise<void> {
    // Nothing to lock: DuckDB lets one process open a file for writing, and within the process the
    // migrator runs in a transaction that holds the dialect's connection mutex until it ends.
  }

  async releaseMigrationLock(): Promise<void> {
    // Nothing to release; see acquireMigrationLock.
  }
}
