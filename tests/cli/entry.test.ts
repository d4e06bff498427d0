// The rapport process when its reader has gone (`rapport segments | head -3`): no EPIPE stack trace, its own exit code.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.js';

const bin = path.resolve(import.meta.dirname, '../../bin/rapport.js');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-pipe-'));
  await writeFile(path.join(dir, 'rapport.config.mjs'), `export default { warehouse: 'w.duckdb', sources: {} };\n`);
  (await openWarehouse(path.join(dir, 'w.duckdb'))).close(); // an empty warehouse: no runs, no customer_360
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Runs rapport with its stdout (and stderr, when asked) read by nobody: the pipe is closed before it writes. */
function withClosedPipes(args: string[], closeStderr = false): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  if (closeStderr) child.stderr.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('a closed pipe', () => {
  it.each([
    [['--help'], 0],
    [['runs', '--config', 'rapport.config.mjs'], 0],
    [['segments', '--config', 'rapport.config.mjs'], 1], // no customer_360 yet: its own error, on stderr
  ])('rapport %j exits %i without a stack trace', async (args, code) => {
    const r = await withClosedPipes(args);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at .*\(/);
    expect(r.code, r.stderr).toBe(code);
  });

  it('keeps its exit code when stderr is closed too', async () => {
    const r = await withClosedPipes(['segments', '--config', 'rapport.config.mjs'], true);
    expect(r.code).toBe(1);
  });
});
