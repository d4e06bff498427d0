// `rapport clv fit`: fits BG/NBD and Gamma-Gamma on any transactions CSV and prints the parameters as JSON.
import path from 'node:path';
import { z } from 'zod';
import { ClvError, expectedPurchases, fitClv } from '../../transforms/clv/index.js';
import { summarizeInWarehouse } from '../../transforms/clv-summary.js';
import { readTransactionsCsv } from '../../transforms/clv-transactions-csv.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command } from '../command.js';
import { writePredictionsFile } from './clv-predictions-file.js';

const isoDay = z.iso.date();
const Args = z.object({
  transactions: z.string({ error: 'is required' }).min(1),
  customer: z.string({ error: 'is required' }).min(1),
  date: z.string({ error: 'is required' }).min(1),
  amount: z.string().min(1).optional(),
  'calibration-end': isoDay.optional(),
  'holdout-end': isoDay.optional(),
  period: z.enum(['week', 'day']).default('week'),
  delimiter: z.string().default(','),
  'no-header': z.boolean().default(false),
  'date-format': z.string().min(1).optional(),
  predictions: z.string().min(1).optional(),
  horizon: z.coerce.number().positive().default(90),
  'clv-months': z.coerce.number().int().positive().default(12),
  'monthly-discount-rate': z.coerce.number().min(0).max(1).default(0.01),
  'new-customer-horizons': z.string().regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, 'expected days separated by commas, e.g. 30,90,365').optional(),
});

export const clvCommand: Command = {
  name: 'clv',
  summary: 'Fit the BG/NBD and Gamma-Gamma CLV models on a transactions CSV (`rapport clv fit ...`) and print JSON',
  help: `Usage: rapport clv fit --transactions FILE --customer COL --date COL [--amount COL]
         [--calibration-end YYYY-MM-DD] [--holdout-end YYYY-MM-DD] [--period week|day]
         [--delimiter CHAR|whitespace] [--no-header] [--date-format FMT]
         [--predictions FILE [--horizon DAYS] [--clv-months N] [--monthly-discount-rate D]]
         [--new-customer-horizons DAYS,DAYS,...]

Reads FILE with DuckDB (one row per purchase), merges each customer's purchases on the same UTC day, and fits
BG/NBD on (x, t_x, T) and Gamma-Gamma on the mean value of the repeat purchases (the first one excluded).
Prints {"customers", "bgnbd": {r, alpha, a, b, logLikelihood, converged}, "gammaGamma": {p, q, gamma,
logLikelihood, customers}} (gammaGamma is null without --amount) and, with --holdout-end, "holdout":
{length, customers, actual, predicted, byFrequency: [{label, customers, actual, predicted, ...}]}: repeat
purchases predicted vs made after the calibration end, in total and by calibration repeat purchases 0..6, 7+.
With --new-customer-horizons it adds "newCustomer": [{days, expectedPurchases}]: the repeat purchases a customer
who has just made a first purchase is expected to make within each horizon. With --predictions it writes FILE (CSV)
with one row per customer: customer_id, frequency (repeat purchase days), recency (first to last purchase) and T
(first purchase to the calibration end), both in --period units, p_alive, expected_purchases (repeat purchases in
the --horizon days after the calibration end), expected_spend (Gamma-Gamma expected value per purchase) and clv
(the spend of the purchases expected in the next --clv-months months, discounted monthly); the last two are empty
without --amount.

Options:
  --transactions FILE    CSV file; the first line is a header unless --no-header.
  --customer COL         Customer id column (a name; a 1-based position with --no-header).
  --date COL             Purchase date or timestamp column (ISO; offsets are converted to UTC).
  --amount COL           Purchase value column; needed for the Gamma-Gamma spend model.
  --calibration-end DATE Last day (inclusive) of the fitting period. Default: the latest purchase date.
  --holdout-end DATE     Last day (inclusive) of the holdout period after the calibration end.
  --period week|day      Time unit of the model (default week).
  --delimiter CHAR       Field delimiter (default ","), or "whitespace" for runs of spaces/tabs.
  --no-header            The file has no header line: give columns by position.
  --date-format FMT      strptime format of the date column, e.g. %Y%m%d.
  --predictions FILE     Write each customer's predictions to FILE (CSV, see above).
  --horizon DAYS         Horizon of expected_purchases, in days whatever --period (default 90).
  --clv-months N         Horizon of clv, in months (default 12).
  --monthly-discount-rate D  Discount rate per month in clv (default 0.01).
  --new-customer-horizons DAYS  Comma-separated horizons in days, e.g. 30,90,365.

Example (CDNOW):
  rapport clv fit --transactions ../shared/datasets/cdnow/CDNOW_master.txt --delimiter whitespace \\
    --customer customer_id --date date --date-format %Y%m%d --amount dollar_value \\
    --calibration-end 1997-09-30 --holdout-end 1998-06-30`,
  options: {
    transactions: { type: 'string' },
    customer: { type: 'string' },
    date: { type: 'string' },
    amount: { type: 'string' },
    'calibration-end': { type: 'string' },
    'holdout-end': { type: 'string' },
    period: { type: 'string' },
    delimiter: { type: 'string' },
    'no-header': { type: 'boolean' },
    'date-format': { type: 'string' },
    predictions: { type: 'string' },
    horizon: { type: 'string' },
    'clv-months': { type: 'string' },
    'monthly-discount-rate': { type: 'string' },
    'new-customer-horizons': { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals[0] !== 'fit' || positionals.length > 1) throw new UsageError('expected "rapport clv fit [options]"');
    const parsed = Args.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`--${issue.path.join('.')}: ${issue.message}`);
    }
    const a = parsed.data;
    if (a['holdout-end'] !== undefined && a['calibration-end'] === undefined) throw new UsageError('--holdout-end needs --calibration-end');
    for (const option of ['horizon', 'clv-months', 'monthly-discount-rate'] as const) {
      if (values[option] !== undefined && a.predictions === undefined) throw new UsageError(`--${option} needs --predictions FILE`);
    }
    const wh = await openWarehouse(':memory:');
    try {
      const transactions = await readTransactionsCsv(wh, {
        file: path.resolve(io.cwd, a.transactions), customer: a.customer, date: a.date, amount: a.amount,
        delimiter: a.delimiter, header: !a['no-header'], dateFormat: a['date-format'],
      }).catch((e: unknown) => {
        // The reader names the option that cannot work: that is a usage mistake here (exit 2).
        if (e instanceof ClvError && e.place.stage === 'readTransactionsCsv') throw new UsageError(`--${e.place.field}: ${e.message.slice(`clv.readTransactionsCsv: ${e.place.field}: `.length)}`);
        throw e;
      });
      const [last] = await wh.all<{ d: string | null }>(`SELECT strftime(max(day), '%Y-%m-%d') AS d FROM (${transactions})`);
      const calibrationEnd = a['calibration-end'] ?? last?.d;
      if (!calibrationEnd) throw new Error(`${a.transactions}: no purchases`);
      const summary = await summarizeInWarehouse(wh, { transactions, calibrationEnd, holdoutEnd: a['holdout-end'], period: a.period });
      if (summary.x.length === 0) throw new Error(`${a.transactions}: no customer bought on or before ${calibrationEnd}`);
      // Repeat customers whose repeat purchases are worth nothing are left out of the spend model, not refused.
      const { spendSkipped, ...fit } = fitClv(summary, { spend: a.amount !== undefined, nonPositiveSpend: 'skip' });
      if (spendSkipped) io.err(`rapport: ${spendSkipped} repeat customers with a non-positive mean repeat value are left out of the spend model`);
      const unit = a.period === 'week' ? 7 : 1;
      const newCustomer = a['new-customer-horizons']?.split(',').map((d) => Number(d.trim()))
        .map((days) => ({ days, expectedPurchases: expectedPurchases(fit.bgnbd, days / unit) }));
      if (a.predictions !== undefined) {
        const file = path.resolve(io.cwd, a.predictions);
        await writePredictionsFile(file, summary, fit, { horizonDays: a.horizon, clvMonths: a['clv-months'], monthlyDiscountRate: a['monthly-discount-rate'] });
        io.err(`rapport: predictions for ${summary.x.length} customers written to ${file}`);
      }
      io.out(JSON.stringify({ ...fit, ...(newCustomer ? { newCustomer } : {}) }, null, 2));
      return 0;
    } finally {
      wh.close();
    }
  },
};
