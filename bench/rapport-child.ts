// Child process of the benchmark: runs one Rapport pipeline on a fresh warehouse and prints its step timings and peak RSS as JSON.
// Usage: node --import tsx bench/rapport-child.ts <daily|rfm|incremental> <sampleDir> <workDir> [cutoff]   (the work dir is emptied first)
// incremental: the sample's records before `cutoff` (YYYY-MM-DD) are loaded and run untimed; then the rest arrives as
// new files and the timed run is the one that processes them.
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../config/load-config.js';
import { dailyPipeline } from '../pipelines/daily.js';
import { customer360Step, extractStep, identitiesStep, rfmStep } from '../pipelines/steps.js';
import type { Pipeline } from '../runner/pipeline.js';
import type { RunEvent } from '../runner/run-events.js';
import { runPipeline } from '../runner/run-pipeline.js';
import { openWarehouse } from '../warehouse/warehouse.js';
import { splitSample } from './split-sample.js';

/** What the child prints on its last stdout line. */
export interface ChildResult {
  readonly mode: 'daily' | 'rfm' | 'incremental';
  readonly status: string;
  /** Wall time of the whole pipeline run (warehouse open and migrations excluded). */
  readonly totalMs: number;
  readonly steps: readonly { step: string; status: string; ms: number; rowsIn?: number; rowsOut?: number; error?: string; maxRssBytes?: number; cpuMs?: number }[];
  /** Peak resident set size of this process, bytes (Node heap and DuckDB's native memory together). */
  readonly maxRssBytes: number;
}

const [mode, sampleDir, workDir, cutoff] = process.argv.slice(2);
if ((mode !== 'daily' && mode !== 'rfm' && mode !== 'incremental') || !sampleDir || !workDir || (mode === 'incremental' && !cutoff)) {
  console.error('usage: rapport-child.ts <daily|rfm|incremental> <sampleDir> <workDir> [cutoff]');
  process.exit(2);
}
await rm(workDir, { recursive: true, force: true });
const split = { before: path.resolve(workDir, 'before'), after: path.resolve(workDir, 'after'), data: path.resolve(workDir, 'data') };
if (mode === 'incremental') await splitSample(sampleDir, cutoff!, split);
const file = (name: string) => path.resolve(sampleDir, name);
const allSources = mode === 'incremental' ? {
  email: { connector: 'file', channel: 'email', path: path.join(split.data, 'email', '*.csv') },
  social: { connector: 'file', channel: 'social', path: path.join(split.data, 'social', '*.ndjson') },
  orders: { connector: 'file', channel: 'orders', path: path.join(split.data, 'orders', '*.csv') },
} : {
  email: { connector: 'file', channel: 'email', path: file('email_events.csv') },
  social: { connector: 'file', channel: 'social', path: file('social_interactions.ndjson') },
  orders: { connector: 'file', channel: 'orders', path: file('orders.csv') },
};
// The repository's default config (rapport.config.ts), pointed at the benchmark sample and a throwaway warehouse.
const loaded = parseConfig({
  warehouse: 'warehouse.duckdb',
  outputs: { exports: 'exports', reports: 'reports' },
  sources: mode === 'rfm' ? { orders: allSources.orders } : allSources,
  pipelines: { daily: { schedule: '0 6 * * *', timezone: 'UTC', exports: [{ segment: 'At Risk', format: 'csv' }, { segment: 'Champions', format: 'csv' }] } },
}, path.resolve(workDir, 'rapport.config.ts'), {});

// RFM with the file read included: only what rfm_segments needs, from the orders file alone.
const rfmOnly: Pipeline = Object.freeze({
  name: 'rfm-bench', schedule: '0 6 * * *', timezone: 'UTC',
  steps: [extractStep('orders'), identitiesStep(['extract:orders']), customer360Step, rfmStep],
});

const warehouse = await openWarehouse(loaded.warehouse);
let result: ChildResult;
try {
  if (mode === 'incremental') {
    await cp(split.before, split.data, { recursive: true });
    const first = await runPipeline(dailyPipeline(loaded), { warehouse, loaded });
    if (first.status !== 'success') throw new Error(`incremental bench: the untimed first run ended ${first.status}`);
    await cp(split.after, split.data, { recursive: true });
  }
  // The process's peak RSS so far at the end of each step: the first step whose figure jumps is where the peak is.
  // CPU time (user + system, every thread of Node and DuckDB) per step moves less than wall time on a busy machine.
  const rssAt = new Map<string, number>();
  const cpuAt = new Map<string, number>();
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const onEvent = (e: RunEvent) => {
    if (e.type === 'step-start') cpuAt.set(e.step, cpu());
    if (e.type === 'step-end') {
      rssAt.set(e.step, process.resourceUsage().maxRSS * 1024);
      cpuAt.set(e.step, cpu() - (cpuAt.get(e.step) ?? 0));
    }
  };
  const started = performance.now();
  const outcome = await runPipeline(mode === 'rfm' ? rfmOnly : dailyPipeline(loaded), { warehouse, loaded, onEvent });
  const totalMs = performance.now() - started;
  result = {
    mode, status: outcome.status, totalMs, maxRssBytes: 0,
    steps: outcome.steps.map((s) => ({
      step: s.step, status: s.status, ms: s.ms,
      ...(s.result?.rowsIn !== undefined ? { rowsIn: s.result.rowsIn } : {}),
      ...(s.result?.rowsOut !== undefined ? { rowsOut: s.result.rowsOut } : {}),
      ...(s.error ? { error: s.error } : {}),
      ...(rssAt.has(s.step) ? { maxRssBytes: rssAt.get(s.step)!, cpuMs: cpuAt.get(s.step)! } : {}),
    })),
  };
} finally {
  warehouse.close();
}
// resourceUsage().maxRSS is in kilobytes.
console.log(JSON.stringify({ ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
