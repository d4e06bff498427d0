// Reads the import specifiers of a TypeScript file (static, re-exports and dynamic `import()`), for the tests that
// check which modules may import which.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ImportSpec {
  /** The specifier as written ('./x.js', 'zod'); for a dynamic import of a non-literal, the expression's text. */
  readonly spec: string;
  /** `import type` / `export type`: erased when compiled, so it loads nothing. */
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
  /** False for `import(expr)` whose argument is not a string literal (cannot be checked statically). */
  readonly literal: boolean;
}

/** Every import of `file`'s source text. */
export function importsOf(file: string): ImportSpec[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const statics = [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type\b)?([^'";]*?)from\s+['"]([^'"]+)['"]/g)].map((m) => ({
    spec: m[4]!,
    typeOnly: m[2] !== undefined || /^\s*\{[^}]*\}\s*$/.test(m[3]!) && m[3]!.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type ')),
    dynamic: false,
    literal: true,
  }));
  const bare = [...text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map((m) => ({ spec: m[1]!, typeOnly: false, dynamic: false, literal: true }));
  const dynamics = [...text.matchAll(/\bimport\(\s*([^)]*?)\s*\)/g)].map((m) => {
    const lit = /^(['"`])([^'"`$]*)\1$/.exec(m[1]!);
    return { spec: lit ? lit[2]! : m[1]!, typeOnly: false, dynamic: true, literal: lit !== null };
  });
  return [...statics, ...bare, ...dynamics];
}

/** The absolute path a relative specifier of `file` points at (`.js` written for a `.ts` file), or undefined for a package. */
export function resolveRelative(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(file), spec);
  return target.endsWith('.js') ? target.replace(/\.js$/, '.ts') : target;
}

/** The package a bare specifier names ('@duckdb/node-api/x' -> '@duckdb/node-api'); node: built-ins keep their prefix. */
export function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
