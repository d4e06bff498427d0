// Runs the rapport CLI in-process against a config file in a temp folder and captures what it prints.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Writes `rapport.config.mjs` (the object as JSON) into `dir` and returns its path. */
export async function writeConfig(dir: string, config: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, 'rapport.config.mjs');
  await writeFile(file, `export default ${JSON.stringify(config, null, 2)};\n`);
  return file;
}

export async function runCli(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
