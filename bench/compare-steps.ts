// Times churn_metrics, the two daily exports and the KPI report's queries of this checkout against another checkout
// of Rapport (e.g. main), interleaved on one copy of a warehouse, with a COPY floor for the exports.
// Usage: npx tsx bench/compare-steps.ts <warehouse.duckdb> <baseline checkout> [runs]   (the warehouse is copied first)
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Impl = {
  root: string;
  runSqlModel: (...a: unknown[]) => Promise<unknown>;
  exportSegment: (...a: unknown[]) => Promise<unknown>;
  buildKpiReport: (...a: unknown[]) => Promise<unknown>;
};
const [source, baselineRoot, runsArg] = process.argv.slice(2);
if (!source || !baselineRoot) {
  console.error('usage: npx tsx bench/compare-steps.ts <warehouse.duckdb> <baseline checkout> [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const load = async (root: string): Promise<Impl> => {
  const at = (file: string) => import(pathToFileURL(path.resolve(root, file)).href);
  return {
    root: path.resolve(root),
    runSqlModel: (await at('transforms/sql-model.ts')).runSqlModel,
    exportSegment: (await at('sinks/segment-export.ts')).exportSegment,
    buildKpiReport: (await at('reports/kpi/build-kpi-report.ts')).buildKpiReport,
  };
};
const here = path.resolve(import.meta.dirname, '..');
const impls = { baseline: await load(baselineRoot), branch: await load(here) };
const { openWarehouse } = await import('../warehouse/warehouse.js');
const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-compare-'));
const file = path.join(dir, 'warehouse.duckdb');
await copyFile(source, file);
const wh = await openWarehouse(file); // both implementations run on this one connection
const [latest] = await wh.all<{ d: string }>(`SELECT max(as_of)::VARCHAR AS d FROM rfm_segments`);
const asOf = latest!.d;
const out = (name: string) => path.join(dir, name);

// The floor of an export: the same members and suppression rule straight into a CSV, as bench/floor-sql.ts does.
const copyFloor = (segment: string) => `COPY (SELECT c.customer_id, c.primary_email, r.segment, r.recency_days, r.frequency, r.monetary,
    r.r_score, r.f_score, r.m_score, r.as_of FROM customer_360 c JOIN rfm_segments r USING (customer_id)
  WHERE r.segment = '${segment}' AND c.primary_email IS NOT NULL
    AND NOT (coalesce(c.email_complained, false) OR coalesce(c.email_unsubscribed, false) OR coalesce(c.email_bounced, false))
  ORDER BY c.customer_id) TO '${out('floor.csv')}' (FORMAT csv, HEADER)`;
const tasks: { name: string; run: (m: Impl) => Promise<unknown>; floor?: string }[] = [
  { name: 'churn_metrics', run: (m) => m.runSqlModel(wh, pathToFileURL(path.join(m.root, 'transforms/churn-metrics.sql')), { as_of: asOf, churn_days: 180 }) },
  { name: 'export:at-risk.csv', run: (m) => m.exportSegment(wh, { segment: 'At Risk', out: out('at-risk.csv'), format: 'csv' }), floor: copyFloor('At Risk') },
  { name: 'export:champions.csv', run: (m) => m.exportSegment(wh, { segment: 'Champions', out: out('champions.csv'), format: 'csv' }), floor: copyFloor('Champions') },
  { name: 'report:kpi, queries only', run: (m) => m.buildKpiReport(wh, { asOf, period: 'week', runId: 'bench', generatedAt: new Date().toISOString() }) },
];

/** Wall and CPU milliseconds of `fn` (CPU of this process: Node and DuckDB's threads). */
async function timed(fn: () => Promise<unknown>): Promise<[number, number]> {
  const [t, c] = [performance.now(), process.cpuUsage()];
  await fn();
  const cpu = process.cpuUsage(c);
  return [performance.now() - t, (cpu.user + cpu.system) / 1000];
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cell = (xs: [number, number][]) => xs.length ? `${median(xs.map((x) => x[0])).toFixed(0)} / ${median(xs.map((x) => x[1])).toFixed(0)}` : '';

console.log(`${runs} interleaved runs each on a copy of ${source}; baseline ${impls.baseline.root}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| step | baseline wall / CPU ms | this branch wall / CPU ms | COPY floor wall / CPU ms | speed-up (wall, CPU) | branch / floor (wall) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const task of tasks) {
  const t = { baseline: [] as [number, number][], branch: [] as [number, number][], floor: [] as [number, number][] };
  await task.run(impls.baseline); await task.run(impls.branch); // warm the caches for both
  for (let i = 0; i < runs; i++) {
    const order: ('baseline' | 'branch')[] = i % 2 ? ['branch', 'baseline'] : ['baseline', 'branch'];
    for (const k of order) t[k].push(await timed(() => task.run(impls[k])));
    if (task.floor) t.floor.push(await timed(() => wh.run(task.floor!)));
  }
  const m = (xs: [number, number][], i: 0 | 1) => median(xs.map((x) => x[i]));
  console.log(`| ${task.name} | ${cell(t.baseline)} | ${cell(t.branch)} | ${cell(t.floor) || 'n/a'} | ${(m(t.baseline, 0) / m(t.branch, 0)).toFixed(2)}x, ${(m(t.baseline, 1) / m(t.branch, 1)).toFixed(2)}x | ${t.floor.length ? `${(m(t.branch, 0) / m(t.floor, 0)).toFixed(2)}x (baseline ${(m(t.baseline, 0) / m(t.floor, 0)).toFixed(2)}x)` : ''} |`);
}
console.log(`load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
wh.close();
await rm(dir, { recursive: true, force: true });
