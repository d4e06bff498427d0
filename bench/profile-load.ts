// Times every SQL statement of one source's extract+load on a fresh warehouse, to show where load time goes.
// Usage: [EXPLAIN=<text>] npx tsx bench/profile-load.ts <sampleDir> <email|social|orders> [workDir]   (prints the slowest statements,
// and the bare DuckDB reader's time and CPU time on the same file)
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../config/load-config.js';
import { bareReadSql } from './floor-sql.js';
import { extractAndLoad } from '../load/load.js';
import { fingerprintFile } from '../sources/file/read.js';
import { sourceFromConfig } from '../sources/index.js';
import { openWarehouse, type SqlParam, type Warehouse } from '../warehouse/warehouse.js';

const [sampleDir, source = 'email', workDir = path.join(os.tmpdir(), 'rapport-profile-load')] = process.argv.slice(2);
if (!sampleDir) {
  console.error('usage: profile-load.ts <sampleDir> <email|social|orders> [workDir]');
  process.exit(2);
}
const files: Record<string, [string, string]> = {
  email: ['email', 'email_events.csv'], social: ['social', 'social_interactions.ndjson'], orders: ['orders', 'orders.csv'],
};
const [channel, name] = files[source]!;
await rm(workDir, { recursive: true, force: true });
const loaded = parseConfig({
  warehouse: 'warehouse.duckdb', outputs: { exports: 'exports', reports: 'reports' },
  sources: { [source]: { connector: 'file', channel, path: path.resolve(sampleDir, name) } }, pipelines: {},
}, path.resolve(workDir, 'rapport.config.ts'), {});
const wh = await openWarehouse(loaded.warehouse);
// CPU time (all threads: DuckDB works in this process) besides wall time: it barely moves when other jobs share the cores.
const timings: { sql: string; ms: number; cpuMs: number }[] = [];
// Wraps the two statement entry points; the load path goes through nothing else.
const timed = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
  const t = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await fn(...a);
  } finally {
    const used = process.cpuUsage(cpu);
    timings.push({ sql: String(a[0]).replace(/\s+/g, ' ').slice(0, 150), ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 });
  }
};
// EXPLAIN=<text>: the statement containing the text runs under EXPLAIN ANALYZE (it still does its work) and its
// plan, with each operator's time, is printed.
const explainRun = async (sql: string, params?: readonly SqlParam[]) => {
  if (process.env.EXPLAIN && sql.includes(process.env.EXPLAIN)) {
    const rows = await wh.all<Record<string, string>>('EXPLAIN ANALYZE ' + sql, params);
    console.log(rows.map((r) => Object.values(r).join('\n')).join('\n'));
    return;
  }
  return wh.run(sql, params);
};
const profiled: Warehouse = { ...wh, run: timed(explainRun), all: timed(wh.all.bind(wh)) as Warehouse["all"], transaction: wh.transaction.bind(wh) };
let t = performance.now();
await fingerprintFile(path.resolve(sampleDir, name));
const fingerprintMs = performance.now() - t;
t = performance.now();
const cpuStart = process.cpuUsage();
const counts = await extractAndLoad(profiled, sourceFromConfig(source, loaded.config.sources[source]!, loaded.baseDir), 'profile');
const total = performance.now() - t;
const cpuUsed = process.cpuUsage(cpuStart);
// The bench's bare reader of the same file into a table of the same warehouse, right after: CPU time is the fair
// comparison on a busy machine (wall time depends on what else runs).
t = performance.now();
const bareCpuStart = process.cpuUsage();
await wh.run(`CREATE TABLE bare_read AS ${bareReadSql(source as 'email', path.resolve(sampleDir, name))}`);
const bareMs = performance.now() - t;
const bareCpu = process.cpuUsage(bareCpuStart);
wh.close();
const seconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
console.log(`${source}: ${counts.read} rows in ${(total / 1000).toFixed(2)} s, ${seconds(cpuUsed).toFixed(2)} s CPU (sha256 fingerprint alone: ${(fingerprintMs / 1000).toFixed(2)} s); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`bare DuckDB reader: ${(bareMs / 1000).toFixed(2)} s, ${seconds(bareCpu).toFixed(2)} s CPU; extract+load at ${Math.round((100 * bareMs) / total)}% of it by wall time, ${Math.round((100 * seconds(bareCpu)) / seconds(cpuUsed))}% by CPU time`);
// Grouped by the statement's first 70 characters, so a statement repeated per row shows as one line with its count.
const groups = new Map<string, { n: number; ms: number; cpuMs: number }>();
for (const s of timings) {
  const g = groups.get(s.sql.slice(0, 70)) ?? { n: 0, ms: 0, cpuMs: 0 };
  groups.set(s.sql.slice(0, 70), { n: g.n + 1, ms: g.ms + s.ms, cpuMs: g.cpuMs + s.cpuMs });
}
console.log('   wall      CPU  count  statement');
for (const [sql, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
  console.log(`${(g.ms / 1000).toFixed(2).padStart(7)} s ${(g.cpuMs / 1000).toFixed(2).padStart(6)} s  ${String(g.n).padStart(5)}x  ${sql}`);
}
