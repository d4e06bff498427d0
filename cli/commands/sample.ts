// `rapport sample`: writes deterministic, realistically messy source files for the three channels.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { generateSample } from '../../sources/sample/index.js';
import { UsageError, type Command } from '../command.js';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'Write sample source files (email events CSV, social NDJSON, orders CSV, ground truth)',
  help: `Usage: rapport sample [--customers N] [--seed S] [--out DIR] [--end-date YYYY-MM-DD] [--if-missing] [--json]

Writes email_events.csv, social_interactions.ndjson, orders.csv and ground_truth.csv into DIR. The same
options always produce the same bytes. The data is messy on purpose (padded and mixed-case emails, several
identities per person, duplicated and late events, time zones, about 0.5% malformed rows).

Options:
  --customers N    People to simulate (default 2000).
  --seed S         Random seed (default 42).
  --out DIR        Output folder (default data/sample).
  --end-date DATE  Last day of simulated history (default 2026-10-31).
  --if-missing     Do nothing when DIR already holds the sample files.
  --json           Print the generator's summary (files, rows, malformed rows by kind) as JSON.`,
  options: {
    customers: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'data/sample' },
    'end-date': { type: 'string' },
    'if-missing': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const customers = positiveInt(values.customers as string, '--customers');
    const seed = Number.parseInt(values.seed as string, 10);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected an integer, got "${values.seed}"`);
    const outDir = path.resolve(io.cwd, values.out as string);
    if (values['if-missing'] && (await exists(path.join(outDir, 'orders.csv')))) {
      io.out(`sample already present in ${outDir}`);
      return 0;
    }
    const endDate = values['end-date'] as string | undefined;
    const summary = await generateSample({ customers, seed, outDir, ...(endDate ? { endDate } : {}) });
    if (values.json) {
      io.out(JSON.stringify(summary, null, 2));
      return 0;
    }
    const { emailEvents, socialInteractions, orders } = summary.files;
    const malformed = [emailEvents, socialInteractions, orders].reduce((n, f) => n + Object.values(f.malformed).reduce((a, b) => a + b, 0), 0);
    io.out(`sample of ${customers} customers (seed ${seed}, ${summary.window.start.slice(0, 10)} to ${summary.endDate}) written to ${outDir}: `
      + `${summary.dataRows.toLocaleString('en-US')} rows, ${malformed.toLocaleString('en-US')} of them malformed on purpose`);
    return 0;
  },
};

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag}: expected a positive whole number, got "${text}"`);
  return n;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
