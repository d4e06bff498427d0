// The benchmark harness: caches a sample, runs Rapport and the baselines several times, and returns one row per measure.
import { execFile, spawn } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateSample } from '../sources/sample/index.js';
import { measureFloor, type FloorTimes } from './floor-sql.js';
import type { ChildResult } from './rapport-child.js';

const run = promisify(execFile);
const here = import.meta.dirname;

/** One line of the results table; `samples` are milliseconds, one per run. */
export interface BenchRow {
  readonly measure: string;
  readonly samples: readonly number[];
  /** Rows processed, for a rows/s figure. */
  readonly rows?: number;
  /** The comparison, e.g. 1.8 for "1.8x floor"; absent when there is none or it was skipped. */
  readonly ratio?: number;
  /** How to read `ratio` (or why it is missing). */
  readonly note?: string;
}

export interface BenchOptions {
  readonly customers: number;
  readonly runs: number;
  /** Sample cache and work folders; default bench/out. */
  readonly outDir?: string;
  readonly seed?: number;
  /** The `incremental` row: the sample's last this many days arrive as new files into a warehouse with the rest (default 1). */
  readonly incrementalDays?: number;
  readonly log?: (line: string) => void;
}

/** The last day of a generated sample (its default `endDate`). */
const sampleEnd = Date.UTC(2026, 9, 31);

export interface BenchReport {
  readonly rows: readonly BenchRow[];
  /** Peak RSS of the daily pipeline process, bytes, one per run. */
  readonly peakRss: readonly number[];
  readonly machine: string;
  readonly customers: number;
  readonly runs: number;
}

/** Median of a non-empty list. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The cores, memory and load average of this machine, as one line. */
export function describeMachine(): string {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `load average ${load}, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Generates the sample for `customers` into the cache unless a complete one is there (marked by `.complete`). */
export async function cachedSample(outDir: string, customers: number, seed: number, log: (l: string) => void): Promise<string> {
  const dir = path.join(outDir, `sample-${customers}-seed${seed}`);
  const marker = path.join(dir, '.complete');
  if (await access(marker).then(() => true, () => false)) return dir;
  log(`generating sample of ${customers} customers into ${dir} ...`);
  const t = performance.now();
  await generateSample({ customers, seed, outDir: dir });
  await writeFile(marker, new Date().toISOString());
  log(`sample generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return dir;
}

function runChild(mode: 'daily' | 'rfm' | 'incremental', sampleDir: string, workDir: string, cutoff?: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'rapport-child.ts'), mode, sampleDir, workDir, ...(cutoff ? [cutoff] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`bench child (${mode}) exited ${code}: ${err.slice(-2000)}`));
      const result = JSON.parse(last) as ChildResult;
      if (result.status !== 'success') return reject(new Error(`bench child (${mode}): pipeline ${result.status}: ${JSON.stringify(result.steps.filter((s) => s.error))}`));
      resolve(result);
    });
  });
}

/** A python3 that has pandas (Debian's python3-pandas lives under /usr/bin), or undefined. */
async function findPandas(): Promise<string | undefined> {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (await run(python, ['-c', 'import pandas']).then(() => true, () => false)) return python;
  }
  return undefined;
}

/**
 * Runs the whole benchmark: `runs` times the daily pipeline (child process, fresh warehouse), the RFM-only pipeline,
 * the DuckDB floor and pandas RFM, interleaved so machine load hits them alike. Leaves the sample and the last
 * run's warehouses under `outDir`.
 * @throws Error naming the child or baseline that failed.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const outDir = path.resolve(options.outDir ?? path.join(here, 'out'));
  const log = options.log ?? (() => {});
  const sampleDir = await cachedSample(outDir, options.customers, options.seed ?? 42, log);
  const workDir = path.join(outDir, `work-${options.customers}`);
  await mkdir(workDir, { recursive: true });
  const python = await findPandas();
  const daily: ChildResult[] = [];
  const rfm: ChildResult[] = [];
  const incremental: ChildResult[] = [];
  const days = options.incrementalDays ?? 1;
  const cutoff = new Date(sampleEnd - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const floor: FloorTimes[] = [];
  const pandas: number[] = [];
  for (let i = 1; i <= options.runs; i++) {
    log(`run ${i}/${options.runs}: daily pipeline ...`);
    daily.push(await runChild('daily', sampleDir, path.join(workDir, 'daily')));
    log(`run ${i}/${options.runs}: incremental daily run (records from ${cutoff} on arrive as new files) ...`);
    incremental.push(await runChild('incremental', sampleDir, path.join(workDir, 'incremental'), cutoff));
    log(`run ${i}/${options.runs}: RFM from the orders file ...`);
    rfm.push(await runChild('rfm', sampleDir, path.join(workDir, 'rfm')));
    log(`run ${i}/${options.runs}: DuckDB floor ...`);
    floor.push(await measureFloor(sampleDir, workDir));
    if (python) {
      log(`run ${i}/${options.runs}: pandas RFM ...`);
      const { stdout } = await run(python, [path.join(here, 'rfm-pandas.py'), path.join(sampleDir, 'orders.csv')], { maxBuffer: 1 << 20 });
      pandas.push((JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number }).ms);
    }
  }
  return {
    rows: [...buildRows(daily, rfm, floor, python ? pandas : undefined), ...incrementalRows(daily, incremental, days)],
    peakRss: daily.map((d) => d.maxRssBytes),
    machine: describeMachine(),
    customers: options.customers,
    runs: options.runs,
  };
}

function buildRows(daily: ChildResult[], rfm: ChildResult[], floor: FloorTimes[], pandas: number[] | undefined): BenchRow[] {
  const step = (name: string, from = daily) => from.map((d) => d.steps.find((s) => s.step === name)?.ms ?? NaN);
  const sum = (...cols: number[][]) => cols[0]!.map((_, i) => cols.reduce((n, c) => n + c[i]!, 0));
  const ratio = (a: readonly number[], b: readonly number[]) => median(a) / median(b);
  const rowsIn = (name: string) => daily[0]!.steps.find((s) => s.step === name)?.rowsIn;
  const rows: BenchRow[] = [];
  const loads: number[][] = [];
  const floors: number[][] = [];
  for (const source of ['email', 'social', 'orders'] as const) {
    const ms = step(`extract:${source}`);
    const bare = floor.map((f) => f.ingest[source]);
    loads.push(ms);
    floors.push(bare);
    const n = rowsIn(`extract:${source}`);
    rows.push({ measure: `extract+load ${source}`, samples: ms, ...(n !== undefined ? { rows: n } : {}), ratio: ratio(bare, ms) * 100, note: '% of bare DuckDB reader' });
    rows.push({ measure: `  floor: bare read ${source}`, samples: bare, rows: floor[0]!.rows[source] });
  }
  const loadAll = sum(...loads);
  const floorAll = sum(...floors);
  const fileRows = ['email', 'social', 'orders'].reduce((n, s) => n + (rowsIn(`extract:${s}`) ?? 0), 0);
  rows.push({ measure: 'extract+load, all sources', samples: loadAll, rows: fileRows, ratio: ratio(floorAll, loadAll) * 100, note: '% of bare DuckDB reader' });
  const c360 = sum(step('identities'), step('customer_360'));
  const f360 = floor.map((f) => f.customer360);
  const rfmStep = step('rfm_segments');
  const fRfm = floor.map((f) => f.rfm);
  // The floor of each later SQL step, by Rapport's step name; steps missing here have no SQL floor.
  const floorOf: Record<string, { label: string; samples: number[] }> = {
    segment_transitions: { label: 'segment transitions SQL', samples: floor.map((f) => f.segmentTransitions) },
    cohort_retention: { label: 'cohort retention SQL', samples: floor.map((f) => f.cohortRetention) },
    churn_metrics: { label: 'churn metrics SQL', samples: floor.map((f) => f.churnMetrics) },
    customer_value: { label: 'historic CLV SQL', samples: floor.map((f) => f.customerValue) },
    'export:at-risk.csv': { label: 'COPY At Risk TO csv', samples: floor.map((f) => f.exports['at-risk.csv']) },
    'export:champions.csv': { label: 'COPY Champions TO csv', samples: floor.map((f) => f.exports['champions.csv']) },
  };
  const stepNames = daily[0]!.steps.map((s) => s.step).filter((s) => !s.startsWith('extract:'));
  for (const name of stepNames) {
    const row: BenchRow = { measure: name, samples: step(name) };
    const f = floorOf[name];
    if (name === 'customer_360') rows.push(row, { measure: 'identities + customer_360', samples: c360, ratio: ratio(c360, f360), note: 'x floor (floor keys by email, no identity resolution)' }, { measure: '  floor: customer_360-like SQL', samples: f360 });
    else if (name === 'rfm_segments') rows.push({ ...row, ratio: ratio(rfmStep, fRfm), note: 'x floor' }, { measure: '  floor: RFM SQL', samples: fRfm });
    else if (f) rows.push({ ...row, ratio: ratio(row.samples, f.samples), note: 'x floor' }, { measure: `  floor: ${f.label}`, samples: f.samples });
    else rows.push(row);
  }
  const subset = sum(loadAll, c360, rfmStep);
  const fSubset = sum(floorAll, f360, fRfm);
  rows.push({ measure: 'load + customer_360 + RFM', samples: subset, ratio: ratio(subset, fSubset), note: 'x floor' });
  rows.push({ measure: '  floor: load + customer_360 + RFM', samples: fSubset });
  // Steps with no SQL floor (CLV fit and scoring in TypeScript, the KPI report's charts) count at Rapport's own time.
  const noFloor = stepNames.filter((n) => !['identities', 'customer_360', 'rfm_segments'].includes(n) && !floorOf[n]);
  const whole = daily.map((d) => d.totalMs);
  const fWhole = sum(fSubset, ...Object.values(floorOf).map((f) => f.samples), ...noFloor.map((n) => step(n)));
  rows.push({ measure: 'daily pipeline, whole', samples: whole, rows: fileRows, ratio: ratio(whole, fWhole), note: 'x floor (floor keys by email, no identity resolution)' });
  rows.push({ measure: '  floor: whole pipeline', samples: fWhole, note: `floor ingest + SQL + COPY, plus Rapport's own ${noFloor.join(', ')} (no SQL floor)` });
  const rfmFile = rfm.map((r) => r.totalMs);
  const fFile = floor.map((f) => f.rfmFromFile);
  rows.push({ measure: 'RFM from orders file (Rapport)', samples: rfmFile, ...(rowsIn('extract:orders') !== undefined ? { rows: rowsIn('extract:orders')! } : {}), ratio: ratio(rfmFile, fFile), note: 'x DuckDB read_csv+RFM' });
  rows.push({ measure: '  floor: DuckDB read_csv + RFM', samples: fFile });
  if (pandas) rows.push({ measure: '  pandas read_csv + RFM', samples: pandas, ratio: ratio(pandas, rfmFile), note: 'x = Rapport speed-up (pandas time / Rapport time)' });
  else rows.push({ measure: '  pandas read_csv + RFM', samples: [], note: 'skipped: python3-pandas not installed' });
  return rows;
}

/** The `incremental` rows: the timed second run of the incremental child, against the full daily run of the same invocation. */
function incrementalRows(daily: ChildResult[], incremental: ChildResult[], days: number): BenchRow[] {
  const step = (name: string, from: ChildResult[]) => from.map((d) => d.steps.find((s) => s.step === name)?.ms ?? NaN);
  const pct = (a: readonly number[], b: readonly number[]) => (median(a) / median(b)) * 100;
  const newRows = incremental[0]!.steps.filter((s) => s.step.startsWith('extract:')).reduce((n, s) => n + (s.rowsIn ?? 0), 0);
  const whole = incremental.map((d) => d.totalMs);
  const rows: BenchRow[] = [{
    measure: `incremental: last ${days} day${days === 1 ? '' : 's'} as new files, whole`, samples: whole, rows: newRows,
    ratio: pct(whole, daily.map((d) => d.totalMs)), note: '% of the full daily run',
  }];
  for (const name of ['identities', 'customer_360']) {
    rows.push({ measure: `  incremental ${name}`, samples: step(name, incremental), ratio: pct(step(name, incremental), step(name, daily)), note: `% of the full run's ${name}` });
  }
  return rows;
}
