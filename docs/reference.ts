// `npm run docs:reference`: writes docs/commands.md (from the command's help) and docs/configuration.md (from the config
// contract); `--check` only says whether they are stale; `--out-dir DIR` writes them elsewhere.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { commandsPage, helpFromCommand } from './commands-reference.js';
import { configurationPage } from './config-reference.js';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, 'out-dir': { type: 'string' } } });
const dir = path.resolve(values['out-dir'] ?? import.meta.dirname);
const pages = { 'commands.md': await commandsPage(helpFromCommand()), 'configuration.md': configurationPage() };
let stale = 0;
for (const [name, text] of Object.entries(pages)) {
  const file = path.join(dir, name);
  if (values.check) {
    if ((await readFile(file, 'utf8').catch(() => '')) === text) process.stdout.write(`${file} is up to date\n`);
    else { process.stderr.write(`${file} is stale: run npm run docs:reference\n`); stale++; }
  } else {
    await writeFile(file, text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
process.exit(stale > 0 ? 1 : 0);
