// Finds, imports and validates `rapport.config.ts`, resolving its paths against the config file's folder.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
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
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Loads the config module (default export, or the module namespace) and validates it.
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
  const mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
  return parseConfig(mod.default ?? mod, abs, env);
}

/** Validates an already-imported config object; see {@link loadConfig}. */
export function parseConfig(input: unknown, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const parsed = RapportConfig.safeParse(input);
  if (!parsed.success) throw new ConfigError(`${file}: invalid config:\n${formatIssues(parsed.error)}`);
  const baseDir = path.dirname(file);
  const resolve = (relative: string) => path.resolve(baseDir, relative);
  const warehouse = env.RAPPORT_WAREHOUSE ? path.resolve(env.RAPPORT_WAREHOUSE) : resolve(parsed.data.warehouse);
  return Object.freeze({ file, baseDir, config: parsed.data, warehouse, resolve });
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}
