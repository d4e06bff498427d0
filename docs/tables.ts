// `npm run docs:tables`: writes docs/tables.md from the model declarations; `--check` only says whether it is stale.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDictionary } from './data-dictionary.js';

const { values } = parseArgs({ options: { check: { type: 'boolean' }, out: { type: 'string' } } });
const out = path.resolve(values.out ?? path.join(import.meta.dirname, 'tables.md'));
const text = dataDictionary();
if (values.check) {
  const current = await readFile(out, 'utf8').catch(() => '');
  if (current !== text) {
    process.stderr.write(`${out} is stale: run npm run docs:tables\n`);
    process.exit(1);
  }
  process.stdout.write(`${out} is up to date\n`);
} else {
  await writeFile(out, text);
  process.stdout.write(`wrote ${out}\n`);
}
