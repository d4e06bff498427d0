// Loads the config a command was pointed at with `--config` (default `rapport.config.ts`), the same way for every command.
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import type { CommandIo } from './command.js';

/** The validated config named by the command's `--config` option, or `rapport.config.ts`, relative to `io.cwd`. */
export function commandConfig(values: { readonly config?: unknown }, io: CommandIo): Promise<LoadedConfig> {
  return loadConfig(path.resolve(io.cwd, (values.config as string | undefined) ?? 'rapport.config.ts'), io.env);
}
