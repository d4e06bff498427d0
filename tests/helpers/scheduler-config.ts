// Writes a temporary config whose pipelines come from the test-only pipeline module, for CLI and scheduler tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const testPipelines = path.resolve(import.meta.dirname, '../fixtures/pipelines/test-pipelines.ts');

export interface TestProject {
  readonly dir: string;
  readonly config: string;
  readonly warehouse: string;
  dispose(): Promise<void>;
}

/** A temp folder with `rapport.config.ts` listing `pipelines` (name -> extra settings such as schedule, catchUp). */
export async function testProject(pipelines: Record<string, Record<string, unknown>>): Promise<TestProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-sched-'));
  const entries = Object.fromEntries(Object.entries(pipelines).map(([name, s]) => [name, { schedule: '* * * * * *', module: testPipelines, ...s }]));
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n'); // so the .ts config loads as ESM
  await writeFile(path.join(dir, 'rapport.config.ts'), `export default ${JSON.stringify({ warehouse: 'warehouse.duckdb', sources: {}, pipelines: entries }, null, 2)};\n`);
  return {
    dir,
    config: path.join(dir, 'rapport.config.ts'),
    warehouse: path.join(dir, 'warehouse.duckdb'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
