// Renders docs/commands.md from the command's own help: `rapport --help` for the list, `rapport <command> --help` for
// each command's usage and every option, so the page says exactly what the installed command accepts.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'rapport.js');

/** What `rapport <args>` prints on stdout. */
export type HelpOf = (args: readonly string[]) => Promise<string>;

/**
 * `rapport <args>` as a child process, a few at a time: docs/ may not import cli/, so the command is run as a person
 * would run it. (tests/docs/reference.test.ts calls the CLI in-process instead, which is faster.)
 */
export function helpFromCommand(): HelpOf {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (args) => {
    if (running >= 4) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RAPPORT_')));
      const { stdout } = await exec(process.execPath, [bin, ...args], { env, maxBuffer: 1 << 20 });
      return stdout;
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The page's opening: how to run a command, exit codes and the environment every command reads. */
const intro = `Run a command as \`npx rapport <command>\` (or \`npm run rapport -- <command>\`). Every command has
\`--help\`, which prints the text shown for it below: this page is generated from it (\`npm run docs:reference\`), so it lists every command and every option the
installed command accepts. What the commands do in practice (runs, schedules, backfills, retries, troubleshooting)
is in [Operations](operations.md).

**Exit codes**: 0 success, 1 failure (a one-line reason on stderr), 2 bad usage, 130 interrupted (Ctrl-C / SIGTERM).
Every error names its place the same way: the message, then \`(stage extract:orders, run daily-..., source orders, at
orders.csv, row 7)\` on its own line. Output to a closed pipe (\`rapport segments | head -3\`) ends quietly.

**Environment**, besides what \`rapport --help\` lists below: \`RAPPORT_MEMORY_LIMIT=<size>\` (e.g. \`8GB\`, default
\`2GB\`) is DuckDB's memory limit for every command: past it, big loads and transforms spill to a \`<warehouse>.tmp/\`
folder beside the warehouse instead of using more memory (raise it on a large machine for speed; keep a few GB free
on that disk for 1M-customer runs).`;

/**
 * The whole of docs/commands.md: the main help, then each command's help in the order \`rapport --help\` lists them.
 * @example await writeFile('docs/commands.md', await commandsPage(helpFromCommand()));
 */
export async function commandsPage(helpOf: HelpOf): Promise<string> {
  const rapport = async (args: readonly string[]) => (await helpOf(args)).trimEnd();
  const main = await rapport(['--help']);
  const listed = /\nCommands:\n([\s\S]*?)\n\n/.exec(main)?.[1];
  if (!listed) throw new Error('rapport --help printed no "Commands:" list');
  const commands = listed.split('\n').map((line) => /^ {2}(\S+) +(.*)$/.exec(line)!).map((m) => ({ name: m[1]!, summary: m[2]! }));
  const helps = await Promise.all(commands.map((c) => rapport([c.name, '--help'])));
  const sections = commands.map((c, i) => {
    const help = helps[i]!.startsWith(c.summary) ? helps[i]!.slice(c.summary.length).trimStart() : helps[i]!;
    return `## \`rapport ${c.name}\`\n\n${c.summary}.\n\n\`\`\`text\n${help}\n\`\`\``;
  });
  return [
    '# Commands',
    '',
    '<!-- Generated from `rapport --help` and `rapport <command> --help` by `npm run docs:reference`; do not edit by hand (tests/docs/reference.test.ts fails when stale). -->',
    '',
    intro,
    '',
    commands.map((c) => `- [\`rapport ${c.name}\`](#rapport-${c.name}): ${c.summary}`).join('\n'),
    '',
    '## `rapport --help`',
    '',
    '```text',
    main,
    '```',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}
