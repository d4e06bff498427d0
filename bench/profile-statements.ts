// Times every SQL statement of an incremental daily run (after its extracts) on a copy of a warehouse prepared by profile-incremental.ts.
// Usage: [STEPS=identities,sentiment,customer_360] npx tsx bench/profile-statements.ts <workDir> <scratchDir> [text]
//   copies <workDir>/prepared.duckdb into <scratchDir>, adds the new days' files, runs the extracts, then the daily steps
//   (only STEPS when given) with each statement's wall and CPU time; a statement `CREATE ... TABLE x AS` containing
//   [text] is also run once under DuckDB's profiler first, and its operator tree printed (where the time goes).
//   CKPT=<size> sets DuckDB's checkpoint_threshold (the WAL size that makes a commit write the file; default 16MB).
//   MIN_MS=<ms> lists statements slower than that (default 100).
//   EXTRACTS=1 also times the extracts' statements (listed under `extracts`).
//   REBUILD=1 runs the steps as `rapport run daily --rebuild` does (every model recomputed from all loaded history).
//   PREPARED=<file> copies that warehouse instead of <workDir>/prepared.duckdb (one prepared the same way, then
//   changed: e.g. a step built once more by newer code, so the run shows that step's incremental path).
import { cp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type LoadedConfig } from '../config/load-config.js';
import { dailyPipeline } from '../pipelines/daily.js';
import { runPipeline } from '../runner/run-pipeline.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';

const [workDir, scratch, explain] = process.argv.slice(2) as [string, string, string | undefined];
function config(dataDir: string, warehouse: string): LoadedConfig {
  return parseConfig({
    warehouse,
    outputs: { exports: path.join(scratch, 'exports'), reports: path.join(scratch, 'reports') },
    sources: {
      email: { connector: 'file', channel: 'email', path: path.join(dataDir, 'email', '*.csv') },
      social: { connector: 'file', channel: 'social', path: path.join(dataDir, 'social', '*.ndjson') },
      orders: { connector: 'file', channel: 'orders', path: path.join(dataDir, 'orders', '*.csv') },
    },
    pipelines: { daily: { schedule: '0 6 * * *', timezone: 'UTC', exports: [{ segment: 'At Risk', format: 'csv' }, { segment: 'Champions', format: 'csv' }] } },
  }, path.join(scratch, 'rapport.config.ts'), {});
}
function splitStatements(sql: string): string[] {
  const out: string[] = []; let cur = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') { const end = sql.indexOf('\n', i); i = end < 0 ? sql.length : end; cur += ' '; continue; }
    if (c === "'" || c === '"') { const end = sql.indexOf(c, i + 1); cur += sql.slice(i, end + 1); i = end; continue; }
    if (c === ';') { if (cur.trim()) out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
await rm(scratch, { recursive: true, force: true });
await mkdir(scratch, { recursive: true });
const data = path.join(workDir, 'before');
await cp(path.join(workDir, 'after'), data, { recursive: true });
const file = path.join(scratch, 'warehouse.duckdb');
await cp(process.env.PREPARED ?? path.join(workDir, 'prepared.duckdb'), file);
const loaded = config(data, file);
const wh = await openWarehouse(file);
if (process.env.CKPT) await wh.run(`SET checkpoint_threshold = '${process.env.CKPT}'`);
const pipe = dailyPipeline(loaded);
const timings: { step: string; sql: string; ms: number; cpu: number }[] = [];
let step = '';
const each = async <T>(sql: string, params: unknown, last: (s: string) => Promise<T>): Promise<T> => {
  const parts = (params as unknown[] | undefined)?.length ? [sql] : splitStatements(sql);
  const one = async (s: string, f: () => Promise<unknown>) => {
    if (explain && s.includes(explain) && /^CREATE OR REPLACE (TEMP )?TABLE \S+ AS/i.test(s)) {
      const body = s.replace(/^CREATE OR REPLACE (TEMP )?TABLE \S+ AS/i, '');
      await wh.run(`PRAGMA enable_profiling = 'json'; PRAGMA profiling_output = '${path.join(scratch, 'explain.json')}'`);
      await wh.all(body);
      await wh.run('PRAGMA disable_profiling');
      const prof = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(scratch, 'explain.json'), 'utf8'));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- DuckDB's profile JSON
      const walk = (n: any, d: number): void => { console.log(`${'  '.repeat(d)}${n.operator_name ?? n.name ?? ''} ${(n.operator_timing ?? 0).toFixed(3)}s rows ${n.operator_cardinality ?? ''} ${JSON.stringify(n.extra_info ?? {}).slice(0, 160)}`); for (const ch of n.children ?? []) walk(ch, d + 1); };
      console.log('EXPLAIN', s.slice(0, 80), 'latency', prof.latency); walk(prof, 0);
    }
    const [t, c] = [performance.now(), cpuMs()];
    try { return await f(); } finally { timings.push({ step, sql: s.replace(/\s+/g, ' ').slice(0, 110), ms: performance.now() - t, cpu: cpuMs() - c }); }
  };
  for (let i = 0; i < parts.length - 1; i++) await one(parts[i]!, () => wh.run(parts[i]!));
  return await one(parts.at(-1) ?? '', () => last(parts.at(-1) ?? '')) as T;
};
const profiled: Warehouse = {
  ...wh,
  run: (sql, params) => each(sql, params, (s) => wh.run(s, params)),
  all: ((sql: string, params?: never) => each(sql, params, (s) => wh.all(s, params))) as Warehouse['all'],
  transaction: async <T>(fn: () => Promise<T>): Promise<T> => {
    let [inner, innerCpu] = [0, 0];
    const [t, c] = [performance.now(), cpuMs()];
    const result = await wh.transaction(async () => { const [ti, ci] = [performance.now(), cpuMs()]; try { return await fn(); } finally { [inner, innerCpu] = [performance.now() - ti, cpuMs() - ci]; } });
    timings.push({ step, sql: '(BEGIN/COMMIT)', ms: performance.now() - t - inner, cpu: cpuMs() - c - innerCpu });
    return result;
  },
};
step = 'extracts';
const t0 = [performance.now(), cpuMs()];
await runPipeline({ ...pipe, steps: pipe.steps.filter((s) => s.name.startsWith('extract')) }, { warehouse: process.env.EXTRACTS === '1' ? profiled : wh, loaded, concurrency: 1 });
console.log(`extracts ${((performance.now() - t0[0]!) / 1000).toFixed(2)} s wall ${((cpuMs() - t0[1]!) / 1000).toFixed(2)} s cpu; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const stepTimes: string[] = [];
const st = new Map<string, number[]>();
const t1 = [performance.now(), cpuMs()];
const only = process.env.STEPS?.split(',');
const outcome = await runPipeline({ ...pipe, steps: pipe.steps.filter((s) => !s.name.startsWith('extract') && (!only || only.includes(s.name))).map((s) => ({ ...s, dependsOn: s.dependsOn.filter((d) => !d.startsWith('extract') && (!only || only.includes(d))) })) }, {
  // One step at a time: each statement is timed on this connection and counted to the step that runs.
  warehouse: profiled, loaded, concurrency: 1, ...(process.env.REBUILD === '1' ? { params: { rebuild: true } } : {}), onEvent: (e) => {
    if (e.type === 'step-start') { step = e.step; st.set(e.step, [performance.now(), cpuMs()]); }
    if (e.type === 'step-end') { const s = st.get(e.step)!; stepTimes.push(`${e.step.padEnd(28)} ${((performance.now() - s[0]!) / 1000).toFixed(2).padStart(7)} ${((cpuMs() - s[1]!) / 1000).toFixed(2).padStart(7)}`); }
  },
});
// The WAL left at the end is written into the file when the warehouse closes: timed here, so it counts.
const tc = [performance.now(), cpuMs()];
await wh.run('CHECKPOINT');
stepTimes.push(`${'(final CHECKPOINT)'.padEnd(28)} ${((performance.now() - tc[0]!) / 1000).toFixed(2).padStart(7)} ${((cpuMs() - tc[1]!) / 1000).toFixed(2).padStart(7)}`);
wh.close();
console.log(`status ${outcome.status}; after extracts ${((performance.now() - t1[0]!) / 1000).toFixed(2)} s wall ${((cpuMs() - t1[1]!) / 1000).toFixed(2)} s cpu; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const s of outcome.steps.filter((s) => s.error)) console.log(JSON.stringify(s).slice(0, 800));
console.log(stepTimes.join('\n'));
const minMs = Number(process.env.MIN_MS ?? 100);
console.log('--- per step: statements, wall s in them (the rest of a step is outside DuckDB: Node, rendering, files)');
for (const name of new Set(timings.map((t) => t.step))) {
  const own = timings.filter((t) => t.step === name);
  console.log(`${name.slice(0, 20).padEnd(20)} ${String(own.length).padStart(5)} ${(own.reduce((s, t) => s + t.ms, 0) / 1000).toFixed(2).padStart(7)}`);
}
console.log(`--- statements over ${minMs / 1000} s wall (step, wall, cpu)`);
for (const t of timings.filter((t) => t.ms > minMs)) console.log(`${t.step.slice(0, 20).padEnd(20)} ${(t.ms / 1000).toFixed(2).padStart(7)} ${(t.cpu / 1000).toFixed(2).padStart(7)}  ${t.sql}`);
if (process.env.EXTRACTS === '1') {
  const ex = timings.filter((t) => t.step === 'extracts');
  console.log(`--- extracts: ${ex.length} statements, ${(ex.reduce((s, t) => s + t.ms, 0) / 1000).toFixed(2)} s wall in them; the slowest:`);
  for (const t of [...ex].sort((a, b) => b.ms - a.ms).slice(0, 25)) console.log(`${(t.ms / 1000).toFixed(3).padStart(7)} ${(t.cpu / 1000).toFixed(3).padStart(7)}  ${t.sql}`);
}
