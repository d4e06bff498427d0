// Enforces the one-way data flow of the folder layout: each stage imports only what comes before it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Folder -> the project folders its modules may import from (besides itself). */
const allowed: Record<string, readonly string[]> = {
  shared: [], // small pure helpers every stage may use (durations, dates, retries, atomic writes)
  warehouse: [],
  'sources/contracts': ['warehouse'],
  sources: ['warehouse'],
  load: ['sources', 'warehouse'],
  transforms: ['sources/contracts', 'warehouse'],
  sinks: ['sources/contracts', 'warehouse'],
  reports: ['sources/contracts', 'warehouse'],
  config: ['sources', 'transforms', 'sinks', 'reports', 'runner'], // each stage's contract file (tests/config/contracts.test.ts)
  runner: ['config', 'warehouse'],
  web: ['config', 'pipelines', 'runner', 'sinks', 'reports', 'transforms', 'sources', 'warehouse'], // a top stage: everything but cli
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function folderOf(file: string): string {
  const rel = path.relative(root, file).split(path.sep);
  return rel[0] === 'sources' && rel[1] === 'contracts' ? 'sources/contracts' : rel[0]!;
}

function projectImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s));
}

describe('architecture', () => {
  for (const [folder, may] of Object.entries(allowed)) {
    it(`${folder}/ imports only from ${[folder, ...may].join(', ')}`, () => {
      const dir = path.join(root, folder);
      const files = tsFiles(dir).filter((f) => folderOf(f) === folder);
      expect(files.length).toBeGreaterThan(0);
      const violations = files.flatMap((file) =>
        projectImports(file)
          .map((target) => ({ target, to: folderOf(target) }))
          .filter(({ to }) => to !== folder && to !== 'shared' && !to.startsWith(`${folder}/`) && !may.some((m) => to === m || (m === 'sources' && to === 'sources/contracts')))
          .map(({ target }) => `${path.relative(root, file)} -> ${path.relative(root, target)}`),
      );
      expect(violations).toEqual([]);
    });
  }
});
