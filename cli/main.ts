// The `rapport` command line: parses the command and its options, runs it, and turns errors into one-line reasons.
import { parseArgs } from 'node:util';
import { errorContext, formatError } from '../shared/rapport-error.js';
import { UsageError, type Command, type CommandIo } from './command.js';
import { backfillCommand } from './commands/backfill.js';
import { checkCommand } from './commands/check.js';
import { exportCommand } from './commands/export.js';
import { initCommand } from './commands/init.js';
import { clvCommand } from './commands/clv.js';
import { customerCommand } from './commands/customer.js';
import { identitiesCommand } from './commands/identities.js';
import { runCommand } from './commands/run.js';
import { extractCommand } from './commands/extract.js';
import { privacyCommand } from './commands/privacy.js';
import { quarantineCommand } from './commands/quarantine.js';
import { recommendCommand } from './commands/recommend.js';
import { reportCommand } from './commands/report.js';
import { resetCommand } from './commands/reset.js';
import { runsCommand } from './commands/runs.js';
import { sampleCommand } from './commands/sample.js';
import { scheduleCommand } from './commands/schedule.js';
import { segmentsCommand } from './commands/segments.js';
import { serveCommand } from './commands/serve.js';
import { testCommand } from './commands/test.js';
import { transitionsCommand } from './commands/transitions.js';

// One command per line, so branches adding commands merge cleanly.
export const commands: readonly Command[] = [
  runCommand,
  runsCommand,
  backfillCommand,
  scheduleCommand,
  sampleCommand,
  transitionsCommand,
  segmentsCommand,
  exportCommand,
  extractCommand,
  quarantineCommand,
  clvCommand,
  reportCommand,
  serveCommand,
  customerCommand,
  identitiesCommand,
  resetCommand,
  checkCommand,
  initCommand,
  testCommand,
  recommendCommand,
  privacyCommand,
];

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Rapport: customer analytics from email, social and order data.

Usage: rapport <command> [options]      rapport <command> --help for details

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Environment:
  RAPPORT_WAREHOUSE   DuckDB file to use instead of the config's "warehouse" key
  RAPPORT_DEBUG=1     Print stack traces on errors
  RAPPORT_WAREHOUSE_WAIT=<seconds>  How long to wait for a warehouse another process holds (default 60)
  RAPPORT_CHROMIUM    Chromium executable for report PDFs (default /usr/bin/chromium)`;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; run rapport --help for the list`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.summary}\n\n${command.help}`);
      return 0;
    }
    const args = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    return await command.run(args as Parameters<Command['run']>[0], io);
  } catch (error) {
    const e = error as Error & { code?: string };
    const message = e.code?.startsWith('ERR_PARSE_ARGS') ? `${name}: ${e.message} (see rapport ${name} --help)` : e.message;
    io.err(`rapport: ${formatError(message, errorContext(error)).split('\n').join('\n  ')}`);
    if (io.env.RAPPORT_DEBUG) io.err(String(e.stack));
    return error instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}
