// Times each step of an incremental daily run (wall and CPU) on copies of one prepared warehouse, and a full run beside it.
// Usage: npx tsx bench/profile-incremental.ts prepare <sampleDir> <workDir> <cutoff>   (splits the sample, runs daily on the
//          history once and keeps that warehouse)
//        npx tsx bench/profile-incremental.ts run <workDir> [runs] [--full]   (each run: a fresh copy of the prepared
//          warehouse, the new days' files added to the history's folder (same paths, so the history is not read again), one
//          daily run; --full also runs daily on a fresh warehouse, alternately, for the ratio in the same invocation;
//          PREPARED=<file> copies that warehouse instead of <workDir>/prepared.duckdb: one prepared the same way, then
//          changed, e.g. a step built once more by newer code so the run shows that step's incremental path)
//        npx tsx bench/profile-incremental.ts upgrade <from.duckdb> <to.duckdb>   (a copy of a prepared warehouse with
//          customer_360 rebuilt by this code, as its daily run would have left it, and the per-customer models marked up
//          to date with that build: their rows depend on the same data, so the next run takes their incremental path
//          instead of rebuilding them because customer_360's columns changed)
import { cp, mkdir, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type LoadedConfig } from '../config/load-config.js';
import { dailyPipeline } from '../pipelines/daily.js';
import type { RunEvent } from '../runner/run-events.js';
import { runPipeline } from '../runner/run-pipeline.js';
import { buildCustomer360 } from '../transforms/customer-360.js';
import { openWarehouse } from '../warehouse/warehouse.js';
import { median } from './bench.js';
import { splitSample } from './split-sample.js';

const [mode, a, b, c] = process.argv.slice(2);
if ((mode !== 'prepare' && mode !== 'run' && mode !== 'upgrade') || !a || (mode === 'prepare' && (!b || !c)) || (mode === 'upgrade' && !b)) {
  console.error('usage: profile-incremental.ts prepare <sampleDir> <workDir> <cutoff> | run <workDir> [runs] [--full] | upgrade <from.duckdb> <to.duckdb>');
  process.exit(2);
}

/** The bench's daily config (two segment exports), reading every file of `<dataDir>/<channel>/`. */
function config(dataDir: string, warehouse: string): LoadedConfig {
  return parseConfig({
    warehouse,
    outputs: { exports: 'exports', reports: 'reports' },
    sources: {
      email: { connector: 'file', channel: 'email', path: path.join(dataDir, 'email', '*.csv') },
      social: { connector: 'file', channel: 'social', path: path.join(dataDir, 'social', '*.ndjson') },
      orders: { connector: 'file', channel: 'orders', path: path.join(dataDir, 'orders', '*.csv') },
    },
    pipelines: { daily: { schedule: '0 6 * * *', timezone: 'UTC', exports: [{ segment: 'At Risk', format: 'csv' }, { segment: 'Champions', format: 'csv' }],
      ...(process.env.CONCURRENCY ? { concurrency: Number(process.env.CONCURRENCY) } : {}) } },
  }, path.join(path.dirname(warehouse), 'rapport.config.ts'), {});
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** One daily run; wall and CPU milliseconds per step (CPU: this process, Node and DuckDB's threads). */
async function daily(loaded: LoadedConfig): Promise<Map<string, { wall: number; cpu: number }>> {
  const wh = await openWarehouse(loaded.warehouse);
  const times = new Map<string, { wall: number; cpu: number }>();
  const started = new Map<string, { wall: number; cpu: number }>();
  const onEvent = (e: RunEvent) => {
    if (e.type === 'step-start') started.set(e.step, { wall: performance.now(), cpu: cpuMs() });
    if (e.type === 'step-end') {
      const s = started.get(e.step)!;
      times.set(e.step, { wall: performance.now() - s.wall, cpu: cpuMs() - s.cpu });
    }
  };
  const [wall, cpu] = [performance.now(), cpuMs()];
  try {
    const outcome = await runPipeline(dailyPipeline(loaded), { warehouse: wh, loaded, onEvent });
    if (outcome.status !== 'success') throw new Error(`daily run ended ${outcome.status}: ${JSON.stringify(outcome.steps.filter((s) => s.error))}`);
  } finally {
    wh.close();
  }
  times.set('whole run', { wall: performance.now() - wall, cpu: cpuMs() - cpu });
  return times;
}

if (mode === 'upgrade') {
  await cp(a, b!);
  const wh = await openWarehouse(b!);
  try {
    const [state] = await wh.all<{ as_of: string }>("SELECT strftime(as_of, '%Y-%m-%d') AS as_of FROM customer_360_state");
    if (!state) throw new Error(`${a} has no customer_360 build`);
    console.log(await buildCustomer360(wh, { asOf: state.as_of, full: true }));
    await wh.run('UPDATE customer_model_state SET build = (SELECT max(build) FROM customer_360_builds); CHECKPOINT');
  } finally {
    wh.close();
  }
  process.exit(0);
}
const workDir = path.resolve(mode === 'prepare' ? b! : a);
const prepared = path.join(workDir, 'prepared.duckdb');
if (mode === 'prepare') {
  await rm(workDir, { recursive: true, force: true });
  const parts = { before: path.join(workDir, 'before'), after: path.join(workDir, 'after') };
  await splitSample(path.resolve(a), c!, parts);
  const loaded = config(parts.before, prepared);
  await daily(loaded);
  console.log(`prepared ${prepared} from ${parts.before}; new days in ${parts.after}`);
} else {
  const runs = Number(b ?? 1) || 1;
  const withFull = process.argv.includes('--full');
  const rows = new Map<string, { inc: { wall: number; cpu: number }[]; full: { wall: number; cpu: number }[] }>();
  const add = (which: 'inc' | 'full', times: Map<string, { wall: number; cpu: number }>) => {
    for (const [step, t] of times) {
      if (!rows.has(step)) rows.set(step, { inc: [], full: [] });
      rows.get(step)![which].push(t);
    }
  };
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (let i = 0; i < runs; i++) {
    for (const which of withFull ? (['inc', 'full'] as const) : (['inc'] as const)) {
      // The files stay where the prepared warehouse saw them (a file is known by its path and fingerprint).
      const [dir, data] = [path.join(workDir, `run-${which}`), path.join(workDir, 'before')];
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      await cp(path.join(workDir, 'after'), data, { recursive: true });
      const warehouse = path.join(dir, 'warehouse.duckdb');
      if (which === 'inc') await cp(process.env.PREPARED ?? prepared, warehouse);
      // The copies' pages on disk before the clock starts: written back during the run, they slowed its first commits
      // (the run's first INSERT waited 0.65 s) and made the timings noisier.
      spawnSync('sync');
      add(which, await daily(config(data, warehouse)));
    }
  }
  const f = (ms: number) => (ms / 1000).toFixed(2).padStart(8);
  const whole = rows.get('whole run')!;
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; medians of ${runs} run(s), seconds`);
  console.log(`${'step'.padEnd(24)} ${'inc wall'.padStart(8)} ${'inc cpu'.padStart(8)}${withFull ? ` ${'full wall'.padStart(9)} ${'full cpu'.padStart(8)}  cpu share of the whole inc run` : ''}`);
  for (const [step, r] of rows) {
    const [iw, ic] = [median(r.inc.map((t) => t.wall)), median(r.inc.map((t) => t.cpu))];
    const full = withFull ? ` ${f(median(r.full.map((t) => t.wall))).padStart(9)} ${f(median(r.full.map((t) => t.cpu)))}  ${(100 * ic / median(whole.inc.map((t) => t.cpu))).toFixed(0).padStart(3)}%` : '';
    console.log(`${step.padEnd(24)} ${f(iw)} ${f(ic)}${full}`);
  }
  if (withFull) {
    const ratio = (k: 'wall' | 'cpu') => (100 * median(whole.inc.map((t) => t[k])) / median(whole.full.map((t) => t[k]))).toFixed(1);
    console.log(`incremental / full: wall ${ratio('wall')}%, CPU ${ratio('cpu')}%`);
  }
}
