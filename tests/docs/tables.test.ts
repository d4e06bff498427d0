// docs/tables.md is the data dictionary generated from the model declarations, and `npm run docs:tables` makes it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDictionary } from '../../docs/data-dictionary.js';
import { models } from '../../transforms/contracts/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);
let dir: string;

beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-tables-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('docs/tables.md', () => {
  it('is up to date with the model declarations (else: npm run docs:tables)', async () => {
    expect(await readFile(path.join(root, 'docs/tables.md'), 'utf8')).toBe(dataDictionary());
  });

  it('lists every declared model and column with its type and meaning', () => {
    const text = dataDictionary();
    for (const m of models) expect(text).toContain(`## \`${m.table}\``);
    expect(text).toContain('| `churn_rate` | `DOUBLE` | yes | churned_customers / customers_at_start; NULL when no customer was alive at the start. |');
    expect(text.match(/^\| `[a-z0-9_]+` \| `/gm)).toHaveLength(models.reduce((n, m) => n + Object.keys(m.columns).length, 0));
  });

  it('is written by npm run docs:tables, whose --check fails on a stale file', async () => {
    const out = path.join(dir, 'tables.md');
    const written = await exec('npm', ['run', '--silent', 'docs:tables', '--', '--out', out], { cwd: root });
    expect(written.stdout).toContain(`wrote ${out}`);
    expect(await readFile(out, 'utf8')).toBe(dataDictionary());
    await writeFile(out, dataDictionary().replace('churn_rate', 'churn_ratio'));
    const stale = await exec('npm', ['run', '--silent', 'docs:tables', '--', '--check', '--out', out], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(stale).toMatchObject({ code: 1, stderr: expect.stringContaining('is stale: run npm run docs:tables') });
  }, 60_000);
});
