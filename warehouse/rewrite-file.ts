// Rewrites the warehouse into a fresh file and swaps it in, so bytes of deleted rows are no longer anywhere in the file.
import { access, stat } from 'node:fs/promises';
import { writeAtomically } from '../shared/write-atomically.js';
import { ident, literal, openWarehouse, type Warehouse } from './warehouse.js';

/**
 * Copies every table, view and constraint of the warehouse file into a new file (`COPY FROM DATABASE`), lets
 * `onCopy` change the copy (its catalog is named `catalog`), and renames the copy over the original: crash-safe,
 * as any output (`writeAtomically`: a failed copy is kept as `<file>.err`, the original untouched).
 * Why not `CHECKPOINT`: DuckDB reuses freed blocks but does not zero them, so a deleted string can stay in the file's
 * bytes until the block is overwritten; only a fresh file is sure to hold live rows alone.
 * Another process must not write to the file meanwhile (what it wrote after the copy began would be lost): run it
 * when no pipeline runs. Returns the file's size before and after, in bytes.
 * @throws Error naming the file when it cannot be opened (busy past the wait), copied or renamed.
 * @example await rewriteWarehouse('data/warehouse.duckdb');
 */
export async function rewriteWarehouse(
  file: string,
  onCopy: (wh: Warehouse, catalog: string) => Promise<void> = async () => {},
): Promise<{ readonly before: number; readonly after: number }> {
  if (file === ':memory:') return { before: 0, after: 0 };
  const before = (await stat(file)).size;
  await writeAtomically(file, async (tmp) => {
    const wh = await openWarehouse(file);
    try {
      const [{ db } = { db: '' }] = await wh.all<{ db: string }>('SELECT current_database() AS db');
      await wh.run(`ATTACH ${literal(tmp)} AS rapport_rewrite`);
      await wh.run(`COPY FROM DATABASE ${ident(db)} TO rapport_rewrite`);
      await onCopy(wh, 'rapport_rewrite');
      await wh.run('DETACH rapport_rewrite');
    } finally {
      wh.close();
    }
    // A write-ahead log left beside the old file would be replayed into the new one: there must be none after a clean close.
    if (await access(`${file}.wal`).then(() => true, () => false)) throw new Error(`${file}.wal is still there after closing the warehouse`);
  });
  return { before, after: (await stat(file)).size };
}
