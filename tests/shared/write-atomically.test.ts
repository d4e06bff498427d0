// The one atomic write of outputs (exports, reports, quarantine CSVs): temp file, fsync, rename; failures kept as .err.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomically, writeFileAtomically } from '../../shared/write-atomically.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-atomic-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('writeAtomically', () => {
  it('replaces the file whole, creating its folder, and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'out', 'a.csv');
    expect(await writeFileAtomically(file, 'one\n')).toBe(file);
    await writeFileAtomically(file, 'two\n');
    expect(await readFile(file, 'utf8')).toBe('two\n');
    expect(await readdir(path.dirname(file))).toEqual(['a.csv']);
  });

  it('keeps what a failed write wrote as .err and leaves the existing file untouched', async () => {
    const file = path.join(dir, 'a.csv');
    await writeFile(file, 'good\n');
    const failing = writeAtomically(file, async (tmp) => {
      await writeFile(tmp, 'half');
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow(`writing ${file} failed (partial output kept as ${file}.err if any): disk full`);
    expect(await readFile(file, 'utf8')).toBe('good\n');
    expect(await readFile(`${file}.err`, 'utf8')).toBe('half');
    expect((await readdir(dir)).sort()).toEqual(['a.csv', 'a.csv.err']);
  });

  it('keeps the temporary file as .err when the rename fails', async () => {
    const file = path.join(dir, 'taken');
    await mkdir(file); // a folder where the file should go: rename fails
    await expect(writeFileAtomically(file, 'body')).rejects.toThrow(/writing \S+taken failed/);
    expect(await readFile(`${file}.err`, 'utf8')).toBe('body');
  });
});
