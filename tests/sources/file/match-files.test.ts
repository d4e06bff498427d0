import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchFiles } from '../../../sources/file/read.js';
import { literal } from '../../../warehouse/warehouse.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => {
  t = await tempWarehouse();
  await mkdir(path.join(t.dir, 'sub', 'deep'), { recursive: true });
  await mkdir(path.join(t.dir, 'empty.csv.d'));
  await t.files({ 'a.csv': 'x', 'b.csv': 'x', 'c.txt': 'x', 'ab.csv': 'x', 'sub/d.csv': 'x', 'sub/deep/e.csv': 'x', 'sub/deep/f.ndjson': 'x' });
});
afterEach(async () => { await t.dispose(); });

const rel = (files: string[]) => files.map((f) => path.relative(t.dir, f));

describe('matchFiles', () => {
  it('expands *, ?, [..] and ** within the folder tree, files only, sorted', async () => {
    const at = (p: string) => path.join(t.dir, p);
    expect(rel(await matchFiles(at('*.csv')))).toEqual(['a.csv', 'ab.csv', 'b.csv']);
    expect(rel(await matchFiles(at('?.csv')))).toEqual(['a.csv', 'b.csv']);
    expect(rel(await matchFiles(at('[!a].csv')))).toEqual(['b.csv']);
    expect(rel(await matchFiles(at('sub/*/*')))).toEqual(['sub/deep/e.csv', 'sub/deep/f.ndjson']);
    expect(rel(await matchFiles(at('c.txt')))).toEqual(['c.txt']);
    expect(await matchFiles(at('missing.csv'))).toEqual([]);
  });

  it('matches what DuckDB glob() matched for the same patterns', async () => {
    for (const p of ['*.csv', '?.csv', '[ab].csv', '[!a].csv', '**/*.csv', 'sub/**/*.ndjson', 'sub/*/*', '*', 'c.txt', 'nope/*.csv']) {
      const pattern = path.join(t.dir, p);
      const duck = await t.warehouse.all<{ file: string }>(`SELECT file FROM glob(${literal(pattern)}) ORDER BY file`);
      expect(await matchFiles(pattern), p).toEqual(duck.map((r) => r.file));
    }
  });
});
