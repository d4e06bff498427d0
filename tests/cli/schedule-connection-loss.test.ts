// A real `rapport schedule` / `rapport serve --with-scheduler` whose PostgreSQL server stops mid-extract: the run fails, the process lives on.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { spawnRapport } from '../helpers/spawn-process.js';

const root = path.resolve(import.meta.dirname, '../..');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

let probe: PostgresServer | undefined;
let startError: Error | undefined;
try {
  probe = await startPostgres();
  await probe.stop();
} catch (error) {
  startError = error as Error;
  console.warn(`\n*** scheduler connection-loss tests SKIPPED: no PostgreSQL server could be started here: ${startError.message}\n`);
}
if (!probe && process.env.CI) it('starts a throwaway PostgreSQL server (required in CI)', () => { throw startError; });

/** A project whose one pipeline (every second) extracts a 100,000-row PostgreSQL table in batches of 200. */
async function project(server: PostgresServer): Promise<{ dir: string; config: string }> {
  const db = new pg.Client({ connectionString: server.url });
  await db.connect();
  await db.query(`CREATE TABLE shop_lines AS SELECT 'o' || i AS order_id, 1 AS line_no, 'completed' AS status, 'EUR' AS currency,
    1 AS quantity, 9.99 AS amount, timestamptz '2026-03-01 00:00:00+00' + i * interval '1 second' AS ordered_at FROM generate_series(1, 100000) AS i`);
  await db.end();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-pg-sched-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  await writeFile(path.join(dir, 'extract-only.ts'), `import { extractStep } from ${JSON.stringify(pathToFileURL(path.join(root, 'pipelines/steps.ts')).href)};
export default () => ({ steps: [extractStep('shop')] });\n`);
  const config = {
    warehouse: 'warehouse.duckdb',
    sources: { shop: { connector: 'postgres', channel: 'orders', connection: { urlEnv: 'SHOP_DB' }, table: 'shop_lines', batchRows: 200, incremental: { column: 'ordered_at' } } },
    pipelines: { pg: { schedule: '* * * * * *', module: 'extract-only.ts', retry: { attempts: 2, backoff: '100ms' } } },
  };
  await writeFile(path.join(dir, 'rapport.config.ts'), `export default ${JSON.stringify(config, null, 2)};\n`);
  return { dir, config: path.join(dir, 'rapport.config.ts') };
}

describe.skipIf(!probe)('a PostgreSQL server that stops mid-extract', () => {
  it.each([
    ['rapport schedule', ['schedule']],
    ['rapport serve --with-scheduler', ['serve', '--port', '0', '--with-scheduler']],
  ])('fails the run as a transient error, records it, and %s keeps running', { timeout: 150_000 }, async (_name, args) => {
    const server = await startPostgres();
    cleanup.push(() => server.stop());
    const p = await project(server);
    const child = spawnRapport([...args, '--config', p.config], { SHOP_DB: server.url });
    cleanup.push(() => void child.process.kill('SIGKILL'));
    await child.waitFor(/\[pg\] extract:shop: source shop: committed/, 60_000);
    await server.stop(); // pg_ctl stop -m immediate: every session ends at once
    const failed = await child.waitFor(/\[pg\] run pg-\S+ failed/, 60_000);
    const runId = /run (pg-\S+)/.exec(failed)![1]!;
    await child.waitFor(new RegExp(`\\[pg\\] run (?!${runId})pg-\\S+ started`), 30_000); // a later trigger ran: still scheduling
    if (args[0] === 'serve') {
      const address = /http:\/\/127\.0\.0\.1:\d+\//.exec(await child.waitFor(/rapport serve: http/))![0];
      const res = await fetch(`${address}runs`);
      expect([200, 503]).toContain(res.status); // still answering (503 "busy" while the next run writes)
    }
    child.process.kill('SIGTERM');
    expect(await child.exited(30_000)).toBe(0);
    const wh = await openWarehouse(path.join(p.dir, 'warehouse.duckdb'), { readOnly: true, waitMs: 0 });
    cleanup.push(() => wh.close());
    expect(await wh.all('SELECT status FROM pipeline_runs WHERE run_id = $1', [runId])).toEqual([{ status: 'failed' }]);
    const attempts = await wh.all<{ attempt: number; transient: boolean; error: string }>(
      `SELECT attempt, transient, error FROM pipeline_step_attempts WHERE run_id = $1 ORDER BY attempt`, [runId]);
    expect(attempts.map((a) => [a.attempt, a.transient])).toEqual([[1, true], [2, true]]);
    // The session ended under the read: a lost connection, named with how far the read got; the retry found no server.
    expect(attempts[0]!.error).toMatch(/^source shop: reading postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres#shop_lines after \d+ rows: lost the connection to the server/);
    expect(attempts[1]!.error).toMatch(/cannot connect to postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres: .*ECONNREFUSED/);
    // What was committed before the loss stays, with the cursor of its last batch.
    const [kept] = await wh.all<{ n: number; last: Date }>('SELECT count(*) AS n, max(ordered_at) AS last FROM order_lines');
    const [state] = await wh.all<{ cursor: string }>(`SELECT cursor FROM source_state WHERE source = 'shop'`);
    expect(kept!.n).toBeGreaterThan(0);
    expect(kept!.n % 200).toBe(0);
    expect(new Date(state!.cursor)).toEqual(kept!.last);
  });
});
