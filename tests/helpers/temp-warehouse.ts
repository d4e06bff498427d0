// Gives each test its own folder and a real DuckDB file in it, removed afterwards.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';

export interface TempWarehouse {
  readonly dir: string;
  readonly warehouse: Warehouse;
  /** Writes fixture files into the folder; returns their absolute paths by name. */
  files(contents: Record<string, string | Buffer>): Promise<Record<string, string>>;
  dispose(): Promise<void>;
}

export async function tempWarehouse(): Promise<TempWarehouse> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-test-'));
  const warehouse = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  return {
    dir,
    warehouse,
    async files(contents) {
      const out: Record<string, string> = {};
      for (const [name, body] of Object.entries(contents)) {
        out[name] = path.join(dir, name);
        await writeFile(out[name]!, body);
      }
      return out;
    },
    async dispose() {
      warehouse.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
