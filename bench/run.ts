// `npm run bench -- --scale 10k|100k|1m [--runs N]`: runs the benchmark and prints the results table (not part of npm test).
import { parseArgs } from 'node:util';
import { runBench } from './bench.js';
import { formatTable } from './format-table.js';

const scales: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10k' },
    customers: { type: 'string' }, // any size, e.g. a tiny smoke run; overrides --scale
    runs: { type: 'string', default: '3' },
    out: { type: 'string' },
  },
});
const customers = values.customers !== undefined ? Number(values.customers) : scales[values.scale.toLowerCase()];
const runs = Number(values.runs);
if (!customers || !Number.isInteger(customers) || customers <= 0) {
  console.error(`--scale: expected one of ${Object.keys(scales).join(', ')} (or --customers N), got "${values.customers ?? values.scale}"`);
  process.exit(2);
}
if (!Number.isInteger(runs) || runs <= 0) {
  console.error(`--runs: expected a positive whole number, got "${values.runs}"`);
  process.exit(2);
}
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
const report = await runBench({ customers, runs, ...(values.out ? { outDir: values.out } : {}), log: (l) => console.error(`bench: ${l}`) });
console.log(formatTable(report, command));
