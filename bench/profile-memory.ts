// Resident memory while one source file loads into a fresh warehouse: Node's heap against the process's RSS (the rest is
// DuckDB's native memory), every 5 s, then the peak, wall and CPU time. SQL in $SETTINGS runs first (try DuckDB settings).
// Usage: [SETTINGS="SET ...;"] npx tsx bench/profile-memory.ts <channel> <file> <scratchDir>
//   e.g. npx tsx bench/profile-memory.ts email bench/out/sample-1000000-seed42/email_events.csv /tmp/mem
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../config/load-config.js';
import { extractStep } from '../pipelines/steps.js';
import { runPipeline } from '../runner/run-pipeline.js';
import { openWarehouse } from '../warehouse/warehouse.js';

const [channel, file, dir] = process.argv.slice(2);
if (!channel || !file || !dir) {
  console.error('usage: profile-memory.ts <channel> <file> <scratchDir>');
  process.exit(2);
}
await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const loaded = parseConfig({ warehouse: path.join(dir, 'w.duckdb'), outputs: { exports: 'exports', reports: 'reports' },
  sources: { [channel]: { connector: 'file', channel, path: path.resolve(file) } } }, path.join(dir, 'rapport.config.ts'), {});
const wh = await openWarehouse(loaded.warehouse);
if (process.env.SETTINGS) await wh.run(process.env.SETTINGS);
const mib = (x: number) => Math.round(x / 2 ** 20);
const timer = setInterval(() => {
  const m = process.memoryUsage();
  console.log(`rss ${mib(m.rss)} MiB, Node heap ${mib(m.heapUsed)} MiB, external ${mib(m.external)} MiB`);
}, 5000);
const [cpu, wall] = [process.cpuUsage(), performance.now()];
try {
  const out = await runPipeline({ name: 'memory', schedule: '0 6 * * *', timezone: 'UTC', steps: [extractStep(channel)] }, { warehouse: wh, loaded });
  const used = process.cpuUsage(cpu);
  console.log(`${out.status}: wall ${((performance.now() - wall) / 1000).toFixed(1)} s, CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
} finally {
  clearInterval(timer);
  wh.close();
}
