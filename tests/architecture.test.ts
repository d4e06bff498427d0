// Enforces the one-way data flow of the folder layout: each stage imports only what comes before it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Folder -> the project folders its modules may import from (besides itself). */
const allowed: Record<string, readonly string[]> = {
  warehouse: [],
  random: [], // the one seeded generator: the sample and the CLV simulator draw from it
  'sources/contracts': ['warehouse'],
  sources: ['random'], // connectors yield data; staging and every SQL statement are load/'s
  load: ['sources', 'warehouse'],
  'transforms/contracts': ['sources/contracts'], // model output declarations (customer_360 takes the channels' columns): contract only
  transforms: ['random', 'sources/contracts', 'warehouse'],
  sinks: ['sources/contracts', 'transforms/contracts', 'warehouse'],
  reports: ['sources/contracts', 'transforms/contracts', 'warehouse'],
  config: ['sources', 'transforms', 'sinks', 'reports', 'data-tests'], // config contracts of every extension point
  'data-tests': ['config', 'load', 'sources/contracts', 'warehouse'], // checks on the warehouse after the transforms
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
  return rel[1] === 'contracts' ? `${rel[0]}/contracts` : rel[0]!;
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
          .filter(({ to }) => to !== folder && !to.startsWith(`${folder}/`) && !may.some((m) => to === m || to === `${m}/contracts`))
          .map(({ target }) => `${path.relative(root, file)} -> ${path.relative(root, target)}`),
      );
      expect(violations).toEqual([]);
    });
  }
});
