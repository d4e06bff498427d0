// Loading a config from any folder: `.ts` without a package.json beside it importing `rapport`, `.mjs` and `.json`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { spawnRapport } from '../helpers/spawn-process.js';

let dir: string;
// os.tmpdir() is outside the repository: no package.json and no node_modules on the way up.
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-shop-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const orders = 'order_id,line_no,customer_ref,status,currency,quantity,amount,ordered_at\n'
  + 'o1,1,c1,completed,EUR,1,10.00,2026-01-02T10:00:00Z\no2,1,c2,completed,EUR,2,20.00,2026-01-03T10:00:00Z\n';

describe('a config outside the project', () => {
  it('loads a .ts config importing defineConfig from "rapport" and a module beside it, through the rapport command', async () => {
    await writeFile(path.join(dir, 'orders.csv'), orders);
    await writeFile(path.join(dir, 'shop-sources.ts'),
      `export const orders = { connector: 'file', channel: 'orders', path: 'orders.csv' } as const;\n`);
    await writeFile(path.join(dir, 'rapport.config.ts'), [
      `import { defineConfig } from 'rapport';`,
      `import { orders } from './shop-sources.js';`,
      `export default defineConfig({ warehouse: 'shop.duckdb', sources: { orders } });`,
    ].join('\n'));
    const child = spawnRapport(['extract', 'orders', '--config', path.join(dir, 'rapport.config.ts')]);
    expect(await child.exited(60_000), child.lines.join('\n')).toBe(0);
    expect(child.stdout()).toContain('rows read 2 = loaded 2 + quarantined 0 + duplicates merged 0');
    expect(child.lines.join('\n')).toContain(`committed ${path.join(dir, 'orders.csv')}`);
  }, 90_000);

  it('loads an .mjs config and a .json config, resolving paths against their folder', async () => {
    await writeFile(path.join(dir, 'a.mjs'), `export default { warehouse: 'a.duckdb', sources: {} };\n`);
    await writeFile(path.join(dir, 'b.json'), JSON.stringify({ warehouse: 'b.duckdb', sources: {} }));
    expect((await loadConfig(path.join(dir, 'a.mjs'), {})).warehouse).toBe(path.join(dir, 'a.duckdb'));
    expect((await loadConfig(path.join(dir, 'b.json'), {})).warehouse).toBe(path.join(dir, 'b.duckdb'));
  });

  it('names the file when the config cannot be loaded or is not valid', async () => {
    await writeFile(path.join(dir, 'bad.json'), '{ "warehouse": ');
    await writeFile(path.join(dir, 'wrong.json'), JSON.stringify({ warehouse: 3, sources: {} }));
    await expect(loadConfig(path.join(dir, 'bad.json'), {})).rejects.toThrow(ConfigError);
    await expect(loadConfig(path.join(dir, 'bad.json'), {})).rejects.toThrow(`${path.join(dir, 'bad.json')}: cannot load the config:`);
    await expect(loadConfig(path.join(dir, 'wrong.json'), {})).rejects.toThrow(/wrong\.json: invalid config:\n {2}- warehouse: /);
  });
});
