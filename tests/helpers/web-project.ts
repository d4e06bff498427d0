// A temp project for web tests: a ~300-customer sample, a config file on disk and the daily pipeline run once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/load-config.js';
import { dailyPipeline } from '../../pipelines/daily.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { generateSample, sampleSources } from '../../sources/sample/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';

export interface WebProject {
  readonly dir: string;
  readonly configFile: string;
  readonly loaded: LoadedConfig;
  dispose(): Promise<void>;
}

/** Writes the sample and config, runs `daily` once (which also writes reports/kpi) and closes the warehouse. */
export async function webProject(extraConfig: Record<string, unknown> = {}): Promise<WebProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-web-test-'));
  await generateSample({ customers: 300, seed: 7, outDir: path.join(dir, 'sample') });
  const config = {
    warehouse: 'warehouse.duckdb',
    outputs: { exports: 'exports', reports: 'reports' },
    sources: sampleSources('sample'),
    pipelines: { daily: { schedule: '0 6 * * *' } },
    ...extraConfig,
  };
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const configFile = path.join(dir, 'rapport.config.ts');
  await writeFile(configFile, `export default ${JSON.stringify(config, null, 2)};\n`);
  const loaded = await loadConfig(configFile, {});
  const wh = await openWarehouse(loaded.warehouse);
  try {
    await runPipeline(dailyPipeline(loaded), { warehouse: wh, loaded });
  } finally {
    wh.close();
  }
  return { dir, configFile, loaded, dispose: () => rm(dir, { recursive: true, force: true }) };
}
