// Regenerates docs/kpi-report.png: runs the daily pipeline on the default sample and photographs the KPI report.
// Run with `npm run docs:screenshot` (needs Debian's chromium, or RAPPORT_CHROMIUM).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../config/load-config.js';
import { dailyPipeline } from '../pipelines/daily.js';
import { launchChromium } from '../reports/chromium.js';
import { runPipeline } from '../runner/run-pipeline.js';
import { openWarehouse } from '../warehouse/warehouse.js';
import { generateSample, sampleSources } from '../sources/sample/index.js';

const target = path.resolve(import.meta.dirname, 'kpi-report.png');
const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-docs-'));
try {
  await generateSample({ customers: 2000, seed: 42, outDir: path.join(dir, 'sample') });
  const loaded = parseConfig({
    warehouse: 'warehouse.duckdb',
    outputs: { exports: 'exports', reports: 'reports' },
    sources: sampleSources('sample'),
    pipelines: { daily: { schedule: '0 6 * * *' } },
  }, path.join(dir, 'rapport.config.ts'), {});
  const warehouse = await openWarehouse(loaded.warehouse);
  try {
    // A run a week earlier leaves the RFM snapshot the report compares segment sizes with.
    for (const params of [{ asOf: '2026-10-26' }, {}]) {
      const outcome = await runPipeline(dailyPipeline(loaded), { warehouse, loaded, params });
      if (outcome.status !== 'success') throw new Error(`demo pipeline failed: ${JSON.stringify(outcome.steps.filter((s) => s.status !== 'success'))}`);
    }
  } finally {
    warehouse.close();
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(path.join(dir, 'reports', 'kpi', 'index.html')).href);
    await page.screenshot({ path: target, fullPage: true });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${target}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
