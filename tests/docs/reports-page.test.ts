// Every command docs/reports.md shows is run here as written, against a small shop's warehouse (the KPI fixture),
// and does what the page says.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../reports/chromium.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { loadKpiFixture } from '../helpers/kpi-fixture.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const exec = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-docs-reports-'));
  const wh = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  try {
    await loadKpiFixture(wh);
  } finally {
    wh.close();
  }
  await writeFile(path.join(dir, 'rapport.config.mjs'), `export default { warehouse: 'warehouse.duckdb', outputs: { reports: 'reports/out' }, sources: {} };\n`);
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** The commands of the page's ```sh blocks. */
async function pageCommands(): Promise<string[]> {
  const page = await readFile(path.join(root, 'docs', 'reports.md'), 'utf8');
  return [...page.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').filter((l) => l.trim() !== ''));
}

describe('docs/reports.md', () => {
  it('runs every command it shows', async () => {
    const commands = await pageCommands();
    expect(commands.length).toBe(3);
    const bin = path.join(root, 'bin', 'rapport.js');
    for (const command of commands) {
      const script = `rapport() { node ${JSON.stringify(bin)} "$@" --config rapport.config.mjs; }; ${command}`;
      const run = await exec('bash', ['-c', script], { cwd: dir, env: { ...process.env, RAPPORT_CHROMIUM: chromiumPath() }, timeout: 300_000 })
        .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }));
      const wantsPdf = command.includes('--pdf');
      expect(run.code, `${command}\n${run.out}\n${run.err}`).toBe(wantsPdf && !existsSync(chromiumPath()) ? 1 : 0);
    }
    const board = await readFile(path.join(dir, 'reports', 'out', 'kpi-board', 'index.html'), 'utf8');
    expect([...board.matchAll(/<section class="kpi[^"]*" id="([^"]+)"/g)].map((m) => m[1])).toEqual(['revenue-orders', 'customers', 'churn-rate']);
    expect(board).toContain('<b>Month: February 2026</b>');
    expect(board).toContain('<p>Revenue rose with the autumn sale.</p><p>Email sends were paused for a week.</p>');
    expect(existsSync(path.join(dir, 'reports', 'out', 'kpi', 'index.html'))).toBe(true);
    if (existsSync(chromiumPath())) expect(existsSync(path.join(dir, 'reports', 'out', 'kpi-board', 'report.pdf'))).toBe(true);
  }, 600_000);
});
