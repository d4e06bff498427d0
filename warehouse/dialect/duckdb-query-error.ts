// The error the DuckDB dialect throws when a statement fails to prepare, bind, run or convert.

const SQL_PREVIEW_LENGTH = 500;

/**
 * A failed DuckDB statement. The message names the SQL (shortened); the client's error is kept as `cause`.
 * Parameter values are left out of the message on purpose: they can hold customer data.
 *
 * @example
 * try { await query.execute(); } catch (error) { if (error instanceof DuckDbQueryError) log(error.sql); }
 */
export class DuckDbQueryError extends Error {
  /** The full SQL text of the failed statement. */
  readonly sql: string;

  constructor(sql: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const preview = sql.length > SQL_PREVIEW_LENGTH ? `${sql.slice(0, SQL_PREVIEW_LENGTH)}…` : sql;
    super(`DuckDB query failed: ${reason}\n  sql: ${preview}`, { cause });
    this.name = 'DuckDbQueryError';
    this.sql = sql;
  }
}
