// Reads a warehouse file read-only with a query of its own, apart from the code under test (opens and closes DuckDB).
import { DuckDBInstance } from '@duckdb/node-api';

/** The rows of `sql` on `file`, as plain JS values. */
export async function queryFile<T = Record<string, unknown>>(file: string, sql: string): Promise<T[]> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS() as T[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
