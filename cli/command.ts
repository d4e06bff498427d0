// The shape of a CLI command: its help text, its options and what it does.
import type { ParseArgsConfig } from 'node:util';
import { RapportError } from '../shared/rapport-error.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for `rapport --help`. */
  readonly summary: string;
  /** Full `rapport <name> --help` text after the summary: usage line, options, examples. */
  readonly help: string;
  readonly options: OptionSpec;
  /** Returns the process exit code. */
  run(args: { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] }, io: CommandIo): Promise<number>;
}

/** An error whose message is the whole story for the user: printed as one line, no stack. */
export class UsageError extends RapportError {
  override readonly name = 'UsageError';
}
