// Runs Kysely's compiled queries on one DuckDB client connection, materialised or streamed chunk by chunk.
import {
  ResultReturnType,
  StatementType,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBPreparedStatement,
  type DuckDBResult,
} from '@duckdb/node-api';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { bindParameters } from './bind-parameters.js';
import { convertValue } from './convert-value.js';
import { DuckDbQueryError } from './duckdb-query-error.js';

const DEFAULT_STREAM_CHUNK_SIZE = 1000;

// Statements whose row count Kysely reports as numAffectedRows (insert/update/delete/merge results).
const CHANGING_STATEMENTS: ReadonlySet<StatementType> = new Set([
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.MERGE_INTO,
]);

/**
 * Kysely's view of a `DuckDBConnection`. It does no locking itself: `DuckDbDriver` hands it to one
 * caller at a time. Rows are converted with `convertValue`; parameters are bound with
 * `bindParameters`. A SQL string holding several statements runs them in order, binds the
 * parameters to the last one and returns its result.
 *
 * @example const { rows } = await new DuckDbDatabaseConnection(client).executeQuery(CompiledQuery.raw('select 1 as one'));
 */
export class DuckDbDatabaseConnection implements DatabaseConnection {
  readonly #client: DuckDBConnection;

  constructor(client: DuckDBConnection) {
    this.#client = client;
  }

  /**
   * Runs a query and reads its whole result.
   *
   * @throws DuckDbQueryError wrapping the client's error, a binding error or a conversion error.
   */
  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const prepared = await this.#prepare(compiledQuery);
      let result: DuckDBResult;
      try {
        result = await prepared.run();
      } finally {
        prepared.destroySync();
      }
      if (result.returnType === ResultReturnType.CHANGED_ROWS) {
        return { rows: [], numAffectedRows: BigInt(result.rowsChanged) };
      }
      const rows: R[] = [];
      const columns = result.columnNames();
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        appendRows(chunk, columns, rows);
      }
      // With RETURNING the result is rows, not a count; each returned row is one changed row.
      return CHANGING_STATEMENTS.has(result.statementType) ? { rows, numAffectedRows: BigInt(rows.length) } : { rows };
    } catch (cause) {
      throw new DuckDbQueryError(compiledQuery.sql, cause);
    }
  }

  /**
   * Streams a query's rows in batches of `chunkSize`, pulling DuckDB's chunks (about 2048 rows) on demand,
   * so memory holds one DuckDB chunk plus one batch. Stopping early leaves the rest unread; DuckDB drops
   * it when the connection runs its next statement.
   *
   * @throws DuckDbQueryError as {@link executeQuery}; RangeError for a chunk size that is not a positive integer.
   */
  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize: number = DEFAULT_STREAM_CHUNK_SIZE,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
      throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    }
    let result: DuckDBResult;
    try {
      const prepared = await this.#prepare(compiledQuery);
      try {
        result = await prepared.stream();
      } finally {
        prepared.destroySync();
      }
    } catch (cause) {
      throw new DuckDbQueryError(compiledQuery.sql, cause);
    }
    if (result.returnType !== ResultReturnType.QUERY_RESULT) return;
    const columns = result.columnNames();
    let batch: R[] = [];
    for (;;) {
      let chunk: DuckDBDataChunk | null;
      try {
        chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        appendRows(chunk, columns, batch);
      } catch (cause) {
        throw new DuckDbQueryError(compiledQuery.sql, cause);
      }
      while (batch.length >= chunkSize) {
        yield { rows: batch.slice(0, chunkSize) };
        batch = batch.slice(chunkSize);
      }
    }
    if (batch.length > 0) yield { rows: batch };
  }

  async #prepare(compiledQuery: CompiledQuery): Promise<DuckDBPreparedStatement> {
    const statements = await this.#client.extractStatements(compiledQuery.sql);
    if (statements.count === 0) throw new Error('the SQL text holds no statement');
    for (let index = 0; index < statements.count - 1; index++) {
      const leading = await statements.prepare(index);
      try {
        await leading.run();
      } finally {
        leading.destroySync();
      }
    }
    const prepared = await statements.prepare(statements.count - 1);
    try {
      bindParameters(prepared, compiledQuery.parameters);
    } catch (error) {
      prepared.destroySync();
      throw error;
    }
    return prepared;
  }
}

function appendRows<R>(chunk: DuckDBDataChunk, columns: readonly string[], rows: R[]): void {
  for (let rowIndex = 0; rowIndex < chunk.rowCount; rowIndex++) {
    const row: Record<string, unknown> = {};
    chunk.visitRowValues(rowIndex, (value, _row, columnIndex, type) => {
      const column = columns[columnIndex] ?? `column${columnIndex}`;
      try {
        row[column] = convertValue(value, type, convertValue);
      } catch (cause) {
        throw new Error(`cannot read column "${column}" (${type.toString()}): ${(cause as Error).message}`, { cause });
      }
    });
    rows.push(row as R);
  }
}
