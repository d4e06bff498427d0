// Reference conversion of raw transactions into the per-customer (x, t_x, T, monetary, holdout) summary.

import { ClvError } from './clv-error.js';

/** A calendar day: 'YYYY-MM-DD', or an integer day number (e.g. days since 1970-01-01). */
export type DayInput = string | number;

/** Time unit of x, t_x, T and the holdout length. */
export type Period = 'day' | 'week';

/** One purchase. Customer keys are compared with `===`, so 7 and '7' are different customers. */
export interface Transaction {
  readonly customer: string | number;
  readonly date: DayInput;
  readonly amount: number;
}

/** Options for {@link summarizeTransactions}. */
export interface SummarizeOptions {
  readonly period: Period;
  /** Last day of the calibration period (inclusive). */
  readonly calibrationEnd: DayInput;
  /** Last day of the holdout period (inclusive); omit when there is no holdout. */
  readonly holdoutEnd?: DayInput;
}

/** Per-customer model inputs, one row per customer of the calibration cohort. */
export interface CustomerSummary {
  /** Customer keys, in order of first appearance in the input. */
  readonly customers: readonly (string | number)[];
  /** Repeat purchases (distinct purchase days after the first) in the calibration period. */
  readonly x: Float64Array;
  /** Time from the first to the last calibration purchase, in periods. */
  readonly tx: Float64Array;
  /** Time from the first purchase to the end of calibration, in periods. */
  readonly T: Float64Array;
  /** Mean value of the repeat (not the first) calibration transactions; 0 when x = 0. */
  readonly monetary: Float64Array;
  /** Repeat purchases in the holdout period; present only with `holdoutEnd`. */
  readonly holdoutPurchases?: Float64Array;
  /** Holdout length in periods; present only with `holdoutEnd`. */
  readonly holdoutLength?: number;
  readonly period: Period;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Builds the CLV summary from raw transactions, as in FHL's CDNOW set-up.
 *
 * Purchases on the same day are merged into one transaction (amounts summed). Customers whose
 * first purchase falls after `calibrationEnd` are left out (they are not in the calibration
 * cohort); purchases after `holdoutEnd` (or after `calibrationEnd` without a holdout) are ignored.
 * Times are day differences divided by 1 or 7, so weeks are fractional:
 * t_x = (last calibration day − first day)/len and T = (calibrationEnd − first day)/len.
 *
 * @throws ClvError naming the transaction row for an unparsable date, a non-finite amount or a
 *   customer key that is neither string nor number, and for a holdout end not after the calibration end.
 * @example
 * summarizeTransactions(
 *   [{ customer: 'a', date: '1997-01-01', amount: 10 }, { customer: 'a', date: '1997-01-15', amount: 20 }],
 *   { period: 'week', calibrationEnd: '1997-09-30' },
 * ); // x = [1], tx = [2], T = [38.857…], monetary = [20]
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  options: SummarizeOptions,
): CustomerSummary {
  const stage = 'summarizeTransactions';
  const periodLength = options.period === 'week' ? 7 : 1;
  const calibrationEnd = toDayNumber(options.calibrationEnd, { stage, field: 'options.calibrationEnd' });
  const holdoutEnd =
    options.holdoutEnd === undefined ? undefined : toDayNumber(options.holdoutEnd, { stage, field: 'options.holdoutEnd' });
  if (holdoutEnd !== undefined && !(holdoutEnd > calibrationEnd)) {
    throw new ClvError({ stage, field: 'options.holdoutEnd' }, 'must be after options.calibrationEnd');
  }
  const lastDay = holdoutEnd ?? calibrationEnd;

  const keys: (string | number)[] = [];
  const slotOf = new Map<string | number, number>();
  const customerOf = new Int32Array(transactions.length);
  const dayOf = new Float64Array(transactions.length);
  transactions.forEach((row, i) => {
    if (typeof row.customer !== 'string' && typeof row.customer !== 'number') {
      throw new ClvError({ stage, field: 'customer', row: i }, 'expected a string or number key');
    }
    if (!Number.isFinite(row.amount)) {
      throw new ClvError({ stage, field: 'amount', row: i, customer: row.customer }, `expected a finite number, got ${row.amount}`);
    }
    dayOf[i] = toDayNumber(row.date, { stage, field: 'date', row: i, customer: row.customer });
    let slot = slotOf.get(row.customer);
    if (slot === undefined) {
      slot = keys.length;
      slotOf.set(row.customer, slot);
      keys.push(row.customer);
    }
    customerOf[i] = slot;
  });

  const order = Uint32Array.from(transactions.keys()).sort(
    (i, j) => customerOf[i]! - customerOf[j]! || dayOf[i]! - dayOf[j]!,
  );
  const n = keys.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  const holdout = new Float64Array(n);
  const first = new Float64Array(n).fill(NaN);
  const spend = new Float64Array(n);

  let day = NaN;
  let customer = -1;
  let amount = 0;
  // Flushes one merged purchase day of `customer` into the running statistics.
  const flush = (): void => {
    if (customer < 0 || day > lastDay) return;
    if (Number.isNaN(first[customer]!)) {
      first[customer] = day;
    } else if (day <= calibrationEnd) {
      x[customer]! += 1;
      tx[customer] = (day - first[customer]!) / periodLength;
      spend[customer]! += amount;
    } else {
      holdout[customer]! += 1;
    }
  };
  for (const i of order) {
    if (customerOf[i] === customer && dayOf[i] === day) {
      amount += transactions[i]!.amount;
      continue;
    }
    flush();
    customer = customerOf[i]!;
    day = dayOf[i]!;
    amount = transactions[i]!.amount;
  }
  flush();

  const kept: number[] = [];
  for (let c = 0; c < n; c++) {
    if (!(first[c]! <= calibrationEnd)) continue; // first purchase after calibration: not in the cohort
    kept.push(c);
    T[c] = (calibrationEnd - first[c]!) / periodLength;
    monetary[c] = x[c]! > 0 ? spend[c]! / x[c]! : 0;
  }
  const pick = (column: Float64Array): Float64Array => Float64Array.from(kept, (c) => column[c]!);
  return {
    customers: kept.map((c) => keys[c]!),
    x: pick(x),
    tx: pick(tx),
    T: pick(T),
    monetary: pick(monetary),
    ...(holdoutEnd === undefined
      ? {}
      : { holdoutPurchases: pick(holdout), holdoutLength: (holdoutEnd - calibrationEnd) / periodLength }),
    period: options.period,
  };
}

/**
 * Converts 'YYYY-MM-DD' to days since 1970-01-01 (UTC), and passes integer day numbers through.
 *
 * @throws ClvError at `place` for malformed strings, impossible dates (e.g. 1997-02-30) and
 *   non-integer numbers.
 * @example
 * toDayNumber('1970-01-02', { stage: 'example', field: 'date' }); // 1
 */
export function toDayNumber(date: DayInput, place: ConstructorParameters<typeof ClvError>[0]): number {
  if (typeof date === 'number') {
    if (Number.isInteger(date)) return date;
    throw new ClvError(place, `expected an integer day number, got ${date}`);
  }
  const match = ISO_DAY.exec(typeof date === 'string' ? date : '');
  if (match !== null) {
    const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, dayOfMonth);
    const check = new Date(ms);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === dayOfMonth) {
      return ms / DAY_MS;
    }
  }
  throw new ClvError(place, `expected 'YYYY-MM-DD' or an integer day number, got ${JSON.stringify(date)}`);
}
