// Regenerates docs/web-*.png: runs the daily pipeline on a generated sample, serves the web app and photographs each page.
// Run with `npm run docs:web-screenshots` (needs Debian's chromium, or RAPPORT_CHROMIUM).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { parseConfig } from '../config/load-config.js';
import { dailyPipeline } from '../pipelines/daily.js';
import { launchChromium } from '../reports/chromium.js';
import { runPipeline } from '../runner/run-pipeline.js';
import { generateSample, sampleSources } from '../sources/sample/index.js';
import { openWarehouse } from '../warehouse/warehouse.js';
import { createApp } from '../web/app.js';
import { RunLauncher } from '../web/run-launcher.js';
import { warehouseGate } from '../web/warehouse-gate.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-docs-web-'));
try {
  await generateSample({ customers: 400, seed: 7, outDir: path.join(dir, 'sample') });
  const configFile = path.join(dir, 'rapport.config.ts');
  const loaded = parseConfig({
    warehouse: 'warehouse.duckdb',
    outputs: { exports: 'exports', reports: 'reports' },
    sources: sampleSources('sample'),
    pipelines: { daily: { schedule: '0 6 * * *' } },
  }, configFile, {});
  const warehouse = await openWarehouse(loaded.warehouse);
  let customer: string;
  try {
    const run = async (params: { asOf?: string }) => {
      const outcome = await runPipeline(dailyPipeline(loaded), { warehouse, loaded, params });
      if (outcome.status !== 'success') throw new Error(`sample pipeline failed: ${JSON.stringify(outcome.steps.filter((s) => s.status !== 'success'))}`);
    };
    // The latest as-of date comes from the data; a run a week before it leaves the segment history the Segments page
    // draws its change and trend from, and a last run at the latest date makes the Overview current again.
    await run({});
    const [latest] = await warehouse.all<{ d: string }>(`SELECT strftime(max(as_of) - INTERVAL 7 DAY, '%Y-%m-%d') AS d FROM customer_360`);
    await run({ asOf: latest!.d });
    await run({});
    // A customer known by several identities shows what the profile is for.
    const [row] = await warehouse.all<{ customer_id: string }>(`SELECT i.customer_id FROM identities i JOIN customer_360 c USING (customer_id)
      WHERE c.orders > 2 GROUP BY 1 ORDER BY count(DISTINCT i.kind) DESC, count(*) DESC, 1 LIMIT 1`);
    customer = row!.customer_id;
  } finally {
    warehouse.close();
  }
  const app = createApp({
    gate: warehouseGate({ file: loaded.warehouse }),
    reportsDir: loaded.resolve('reports'),
    customSegments: {},
    pipelines: ['daily'],
    launcher: new RunLauncher(configFile),
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const [name, url] of [['overview', '/'], ['segments', '/segments'], ['customer', `/customer/${customer}`], ['runs', '/runs']] as const) {
      const res = await page.goto(base + url, { waitUntil: 'load' });
      if (res?.status() !== 200) throw new Error(`${url} answered ${res?.status()}`);
      const target = path.resolve(import.meta.dirname, `web-${name}.png`);
      await page.screenshot({ path: target, fullPage: name !== 'overview' });
      console.log(`wrote ${target}`);
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
