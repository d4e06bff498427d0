// Output file names derived from segment names, kept inside the folder they are meant for.
import path from 'node:path';

export { segmentSlug } from './sink-config.js';

/**
 * Joins `name` to `folder` and checks the result stays inside it: a name made of a crafted segment name can never
 * reach another folder, even if a future slug rule lets "/" or ".." through.
 * @throws Error naming the folder and the file name when it would escape.
 * @example fileInside('data/exports', 'at-risk.csv'); // '/abs/data/exports/at-risk.csv'
 */
export function fileInside(folder: string, name: string): string {
  const root = path.resolve(folder);
  const file = path.resolve(root, name);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.includes(path.sep)) {
    throw new Error(`refusing to write "${name}": it would land outside ${root} (an export file name may not contain a path)`);
  }
  return file;
}
