// The config entry (`defineConfig`) loads contracts: following its imports reaches the stages' contract files and
// never DuckDB, Arrow, Kysely, node-cron or the warehouse.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, packageOf, resolveRelative } from '../helpers/import-graph.js';

const root = path.resolve(import.meta.dirname, '../..');

/** What a config must never load: the database, its query builder and the columnar formats of the outputs. */
const runtimePackages = new Set(['@duckdb/node-api', 'apache-arrow', 'kysely', 'parquet-wasm', 'node-cron']);

/** Every file and package loaded (not type-only) when `entry` is imported. */
function loadedBy(entry: string): { files: string[]; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const i of importsOf(file)) {
      if (i.typeOnly) continue;
      const target = resolveRelative(file, i.spec);
      if (target === undefined) packages.set(packageOf(i.spec), path.relative(root, file));
      else if (existsSync(target)) visit(target);
      else throw new Error(`${path.relative(root, file)} imports ${i.spec}, which does not exist`);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => path.relative(root, f)).sort(), packages };
}

describe('config contracts', () => {
  const { files, packages } = loadedBy(path.join(root, 'config/index.ts'));

  it('importing defineConfig loads no DuckDB, Arrow, Kysely or node-cron', () => {
    expect(files).toContain('config/schema.ts'); // the walk did follow the entry's imports
    expect(packages.has('zod')).toBe(true);
    const loaded = [...packages].filter(([name]) => runtimePackages.has(name)).map(([name, by]) => `${name} (from ${by})`);
    expect(loaded).toEqual([]);
  });

  it('composes the stages\' contract files, never their runtime modules', () => {
    for (const contract of ['sinks/sink-config.ts', 'runner/runner-config.ts', 'sources/source-config.ts', 'transforms/analytics-config.ts', 'transforms/identity-config.ts', 'transforms/clv-config.ts'])
      expect(files).toContain(contract);
    // No warehouse module and no writer or exporter of any sink or report.
    const runtime = files.filter((f) => f.startsWith('warehouse/') || f.startsWith('load/') || /^(sinks|reports|transforms|runner)\/.*(index|write|copy|export|render)[a-z-]*\.ts$/.test(f));
    expect(runtime).toEqual([]);
  });
});
