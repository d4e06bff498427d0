// Finds, imports and validates `rapport.config.ts`, resolving its paths against the config file's folder.
import { access, readFile } from 'node:fs/promises';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RapportError } from '../shared/rapport-error.js';
import { badSchedules } from './cron-schedules.js';
import { RapportConfig } from './schema.js';

/** A validated config plus the folder its relative paths are resolved against. */
export interface LoadedConfig {
  readonly file: string;
  readonly baseDir: string;
  readonly config: RapportConfig;
  /** Absolute path of the warehouse file (after `RAPPORT_WAREHOUSE`). */
  readonly warehouse: string;
  /** Resolves a config-relative path. */
  resolve(relative: string): string;
}

/** Thrown when the config does not match its contract; the message names every bad key. */
export class ConfigError extends RapportError {
  override readonly name = 'ConfigError';
}

let hooksRegistered = false;

/**
 * Imports a config module from any folder: `rapport` resolves to this package, and the file loads as an ES module
 * even without a `package.json` saying so (see config-module-hooks.mjs).
 */
async function importConfig(abs: string): Promise<unknown> {
  if (!hooksRegistered) {
    register('./config-module-hooks.mjs', import.meta.url);
    hooksRegistered = true;
  }
  const url = pathToFileURL(abs);
  url.searchParams.set('rapport-config', '');
  const mod = (await import(url.href)) as { default?: unknown };
  return mod.default ?? mod;
}

/**
 * Loads the config (a `.ts`, `.mts`, `.js` or `.mjs` module's default export, or a `.json` file) and validates it.
 * @throws ConfigError naming the file, each bad key path and what was expected.
 * @example const { config, warehouse } = await loadConfig('rapport.config.ts');
 */
export async function loadConfig(file = 'rapport.config.ts', env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const abs = path.resolve(file);
  try {
    await access(abs);
  } catch {
    throw new ConfigError(`config file not found: ${abs} (pass --config FILE or run from the project folder)`);
  }
  let input: unknown;
  try {
    input = abs.endsWith('.json') ? JSON.parse(await readFile(abs, 'utf8')) : await importConfig(abs);
  } catch (cause) {
    throw new ConfigError(`${abs}: cannot load the config: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(input, abs, env);
}

/** Validates an already-imported config object; see {@link loadConfig}. */
export function parseConfig(input: unknown, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const parsed = RapportConfig.safeParse(input);
  const issues = [...(parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))), ...badSchedules(input)];
  if (!parsed.success || issues.length > 0) throw new ConfigError(`${file}: invalid config:\n${formatIssues(issues)}`);
  const baseDir = path.dirname(file);
  const resolve = (relative: string) => path.resolve(baseDir, relative);
  const warehouse = env.RAPPORT_WAREHOUSE ? path.resolve(env.RAPPORT_WAREHOUSE) : resolve(parsed.data.warehouse);
  return Object.freeze({ file, baseDir, config: parsed.data, warehouse, resolve });
}

function formatIssues(issues: readonly { path: string; message: string }[]): string {
  return issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
}
