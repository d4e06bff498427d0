// The config entry (`defineConfig`) loads contracts only: following its imports reaches zod and contract files,
// never DuckDB, Arrow or a stage's runtime code.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, packageOf, resolveRelative } from '../helpers/import-graph.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Packages a contract may load: the schema library, and node-cron's expression check for `schedule`. */
const contractPackages = new Set(['zod', 'node-cron']);

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

  it('importing defineConfig loads no package but zod and node-cron (no DuckDB, no Arrow)', () => {
    expect(files).toContain('config/schema.ts'); // the walk did follow the entry's imports
    const others = [...packages].filter(([name]) => !contractPackages.has(name)).map(([name, by]) => `${name} (from ${by})`);
    expect(others).toEqual([]);
  });

  it('composes the stages\' contract files, never their runtime modules', () => {
    for (const contract of ['sinks/sink-config.ts', 'runner/runner-config.ts', 'sources/source-config.ts', 'transforms/analytics-config.ts', 'transforms/identity-config.ts', 'transforms/clv-config.ts'])
      expect(files).toContain(contract);
    // No warehouse module, no stage entry (index.ts) and no reader, writer or exporter of any stage.
    const runtime = files.filter((f) => f.startsWith('warehouse/') || (/\/index\.ts$/.test(f) && f !== 'config/index.ts') || /\/(read|write|load|copy|segment-export|export-formats)[a-z-]*\.ts$/.test(f));
    expect(runtime).toEqual([]);
  });
});
