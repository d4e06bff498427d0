// Enforces the one-way data flow of the folder layout: each stage imports only what comes before it, through static
// imports, re-exports and dynamic `import()` alike; only bin/ starts the CLI.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, resolveRelative } from './helpers/import-graph.js';

const root = path.resolve(import.meta.dirname, '..');

/** Folder -> the project folders its modules may import from (besides itself and shared/, which every folder may use). */
const allowed: Record<string, readonly string[]> = {
  shared: [], // small pure helpers every stage may use (durations, dates, retries, atomic writes, HTML)
  warehouse: [],
  'sources/contracts': ['warehouse'],
  sources: [], // connectors yield data; staging and every SQL statement are load/'s
  load: ['sources', 'warehouse'],
  'transforms/contracts': ['sources/contracts'], // model output declarations (customer_360 takes the channels' columns): contract only
  transforms: ['sources/contracts', 'warehouse'],
  sinks: ['sources/contracts', 'transforms/contracts', 'warehouse'],
  reports: ['sources/contracts', 'transforms/contracts', 'warehouse'],
  config: ['sources', 'transforms', 'sinks', 'reports', 'runner', 'data-tests', 'privacy'], // each stage's contract file (tests/config/contracts.test.ts)
  privacy: ['sources', 'load', 'transforms', 'warehouse'], // erasure, access export, tombstones: reads every table after the transforms; its load gate is wired in by pipelines/
  'data-tests': ['config', 'load', 'sources/contracts', 'warehouse'], // checks on the warehouse after the transforms
  runner: ['config', 'warehouse'],
  pipelines: ['config', 'runner', 'sources', 'load', 'transforms', 'sinks', 'reports', 'data-tests', 'privacy', 'warehouse'], // wiring: every stage
  web: ['config', 'pipelines', 'runner', 'sinks', 'reports', 'transforms', 'sources', 'privacy', 'warehouse'], // a top stage: everything but cli
  cli: ['config', 'pipelines', 'runner', 'sources', 'load', 'transforms', 'sinks', 'reports', 'data-tests', 'privacy', 'warehouse', 'web'], // the top
};

/**
 * The only modules that import a computed specifier: the user's config file and the pipeline module it names. Any
 * other `import(expr)` could reach any folder unseen, so it must be listed here.
 */
const computedImports: Record<string, string> = {
  'config/load-config.ts': 'the config file (rapport.config.ts)',
  'pipelines/index.ts': "a custom pipeline's module named by the config",
};

const skipped = new Set(['node_modules', 'data', '.git', 'tests']);

function sourceFiles(dir: string, ext = /\.ts$/): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return skipped.has(name) ? [] : sourceFiles(full, ext);
    return ext.test(name) ? [full] : [];
  });
}

function folderOf(file: string): string {
  const rel = path.relative(root, file).split(path.sep);
  return rel[1] === 'contracts' ? `${rel[0]}/contracts` : rel[0]!;
}

const rel = (file: string) => path.relative(root, file);

describe('architecture', () => {
  for (const [folder, may] of Object.entries(allowed)) {
    it(`${folder}/ imports only from ${[folder, 'shared', ...may].join(', ')} (static and dynamic imports)`, () => {
      const files = sourceFiles(path.join(root, folder)).filter((f) => folderOf(f) === folder);
      expect(files.length).toBeGreaterThan(0);
      const violations = files.flatMap((file) =>
        importsOf(file)
          .filter((i) => i.literal)
          .map((i) => ({ i, target: resolveRelative(file, i.spec) }))
          .filter((x): x is { i: typeof x.i; target: string } => x.target !== undefined)
          .map(({ i, target }) => ({ i, target, to: folderOf(target) }))
          .filter(({ to }) => to !== folder && to !== 'shared' && !to.startsWith(`${folder}/`) && !may.some((m) => to === m || to === `${m}/contracts`))
          .map(({ i, target }) => `${rel(file)} -> ${rel(target)}${i.dynamic ? ' (dynamic import)' : ''}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('imports a computed specifier only where the config names a module', () => {
    const computed = Object.keys(allowed)
      .flatMap((folder) => sourceFiles(path.join(root, folder)))
      .filter((file) => importsOf(file).some((i) => !i.literal))
      .map(rel);
    expect(computed.sort()).toEqual(Object.keys(computedImports).sort());
  });

  it('lets nothing import cli/ except bin/ (the command) and the tests', () => {
    const importers = sourceFiles(root, /\.(ts|js|mjs)$/)
      .filter((file) => folderOf(file) !== 'cli')
      .filter((file) => importsOf(file).some((i) => i.literal && folderOf(resolveRelative(file, i.spec) ?? root) === 'cli'))
      .map(rel);
    expect(importers).toEqual(['bin/rapport.js']);
  });

  it('sees dynamic imports: bin/ reaches cli/ only through one', () => {
    const bin = importsOf(path.join(root, 'bin/rapport.js'));
    expect(bin.filter((i) => i.dynamic && i.spec === '../cli/entry.ts')).toHaveLength(1);
  });
});
