import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { startFakeApi, TOKEN, type FakeApi } from '../helpers/fake-api.js';

const bin = path.resolve(import.meta.dirname, '../../bin/rapport.js');
let dir: string;
let api: FakeApi | undefined;
let child: ChildProcess | undefined;

beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-crash-')); });
afterEach(async () => {
  child?.kill('SIGKILL');
  await api?.close();
  api = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(sources: object) {
  await writeFile(path.join(dir, 'rapport.config.mjs'), `export default ${JSON.stringify({ warehouse: 'wh.duckdb', sources })};\n`);
}

/** Runs `rapport extract <source>` in a child process; resolves with its output, or kills it when `killWhen` sees its stderr. */
function extract(source: string, killWhen?: (stderr: string) => boolean): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [bin, 'extract', source, '--config', 'rapport.config.mjs'], { cwd: dir, env: { ...process.env, ESP_TOKEN: TOKEN } });
    child = proc;
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (killWhen?.(err)) proc.kill('SIGKILL');
    });
    proc.on('exit', (code, signal) => resolve({ code, signal, out, err }));
  });
}

async function query<T>(sql: string): Promise<T[]> {
  const wh = await openWarehouse(path.join(dir, 'wh.duckdb'));
  try { return await wh.all<T>(sql); } finally { wh.close(); }
}
const count = async (sql: string) => ((await query<{ n: number }>(sql))[0]?.n ?? -1);

describe('crash safety', () => {
  it('keeps the first file after a SIGKILL while reading the second, then loads exactly the rest on re-run; a third run adds nothing', async () => {
    const rows = (from: number) => Array.from({ length: 5 }, (_, i) => `e${from + i},open,p${from + i}@example.com,c1,2026-03-0${1 + Math.floor((from + i) / 10)}T10:00:00Z,`);
    const head = 'event_id,event_type,email,campaign_id,occurred_at,url';
    await writeFile(path.join(dir, 'a.csv'), [head, ...rows(0), 'bad,teleport,x@example.com,c1,2026-03-01T00:00:00Z,'].join('\n') + '\n');
    execFileSync('mkfifo', [path.join(dir, 'b.csv')]); // reading it blocks: the child is stuck after committing a.csv
    await writeFile(path.join(dir, 'c.csv'), [head, ...rows(20)].join('\n') + '\n');
    await writeConfig({ esp: { connector: 'file', channel: 'email', path: '*.csv' } });
    const killed = await extract('esp', (err) => err.includes('committed'));
    expect(killed.signal).toBe('SIGKILL');
    expect(await count('SELECT count(*) AS n FROM email_events')).toBe(5);
    expect(await count('SELECT count(*) AS n FROM quarantine')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM source_files')).toBe(1);
    await unlink(path.join(dir, 'b.csv'));
    await writeFile(path.join(dir, 'b.csv'), [head, ...rows(10), rows(0)[0]].join('\n') + '\n'); // e0 again: merged
    const rerun = await extract('esp');
    expect(rerun.code).toBe(0);
    expect(rerun.out).toContain('rows read 11 = loaded 10 + quarantined 0 + duplicates merged 1');
    expect(await count('SELECT count(*) AS n FROM email_events')).toBe(15);
    expect(await count('SELECT count(*) AS n FROM quarantine')).toBe(1);
    const third = await extract('esp');
    expect(third.out).toContain('rows read 0 = loaded 0 + quarantined 0 + duplicates merged 0');
    expect(await count('SELECT count(*) AS n FROM email_events')).toBe(15);
  }, 180_000);

  it('keeps committed pages and the old cursor after a SIGKILL mid-API-read, then converges exactly on re-run', async () => {
    api = await startFakeApi(10);
    // With 4 records a batch, the first batch is committed before page 3 is asked for: page 3 hangs, and the
    // child is killed once the server has seen that request.
    api.faults.set('/v1/events#3', ['hang']);
    await writeConfig({
      esp: {
        connector: 'http', channel: 'email', url: `${api.url}/v1/events`, auth: { type: 'bearer', tokenEnv: 'ESP_TOKEN' },
        pagination: { type: 'page', sizeParam: 'per_page', size: 4 }, incremental: { param: 'since' }, batchRows: 4,
        mapping: { event_id: 'id', event_type: 'type', email: '$.recipient.email', occurred_at: 'at' },
        request: { timeoutMs: 60_000 },
      },
    });
    const running = extract('esp');
    const page3 = setInterval(() => { if (api!.requests.some((r) => r.query.page === '3')) child?.kill('SIGKILL'); }, 20);
    const killed = await running.finally(() => clearInterval(page3));
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.err).toContain('committed');
    expect(await count('SELECT count(*) AS n FROM email_events')).toBe(4);
    expect(await query('SELECT * FROM source_state')).toEqual([]); // the cursor moves only with the last batch
    const rerun = await extract('esp');
    expect(rerun.out).toContain('rows read 10 = loaded 6 + quarantined 0 + duplicates merged 4');
    expect(rerun.out).toContain('cursor (none) -> 2026-03-01T09:00:00.000000Z');
    expect(await count('SELECT count(*) AS n FROM email_events')).toBe(10);
    const again = await extract('esp');
    expect(again.out).toContain('rows read 1 = loaded 0 + quarantined 0 + duplicates merged 1'); // the record at the cursor, re-read
    expect(await count('SELECT count(*) AS n FROM email_events')).toBe(10);
  }, 180_000);
});
