// Finds the shared real data sets (`shared/datasets/`) next to the project or next to any folder above it.
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Absolute path of a file under `shared/datasets/`, looked up in the project's parent folder first
 * (`../shared/datasets`, the documented place) and then further up, so git worktrees nested one level
 * deeper find the same files. Throws naming every place looked in when the file is missing.
 * @example datasetPath('cdnow/CDNOW_sample.txt')
 */
export function datasetPath(relative: string): string {
  const tried: string[] = [];
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'datasets', relative);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`data set ${relative} not found; looked in ${tried.join(', ')}`);
}
