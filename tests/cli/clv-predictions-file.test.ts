// `rapport clv fit --predictions FILE --new-customer-horizons ...` on CDNOW, checked against a second, naive
// implementation of the BG/NBD and Gamma-Gamma formulas (FHL 2005 eqs. 9, 10, 13; Fader-Hardie 2013) written here,
// and against the worked customer of Fader, Hardie and Lee's BG/NBD Excel note (x = 2, t_x = 30.43, T = 38.86:
// 1.226 purchases in the next 39 weeks).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';
import { datasetPath } from '../helpers/datasets.js';

const sample = datasetPath('cdnow/CDNOW_sample.txt');
let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-clv-predictions-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
const cli = (...argv: string[]) => runCli(argv, dir);

// Gauss's series, summed until the terms vanish: slow near z = 1 but simple enough to trust.
function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000 && Math.abs(term) > 1e-15 * Math.abs(sum); k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
  }
  return sum;
}
interface Bg { r: number; alpha: number; a: number; b: number }
const pAlive = ({ r, alpha, a, b }: Bg, x: number, tx: number, T: number) =>
  x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
const conditional = ({ r, alpha, a, b }: Bg, t: number, x: number, tx: number, T: number) => {
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return (((a + b + x - 1) / (a - 1)) * bracket) / denominator;
};
const unconditional = ({ r, alpha, a, b }: Bg, t: number) =>
  ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)));

describe('rapport clv fit --predictions', () => {
  it('writes each customer\'s history and predictions, and the purchases a new customer is expected to make', async () => {
    const r = await cli('clv', 'fit', '--transactions', sample, '--no-header', '--delimiter', 'whitespace', '--customer', '1', '--date', '3',
      '--amount', '5', '--date-format', '%Y%m%d', '--calibration-end', '1997-09-30',
      '--predictions', 'out/predictions.csv', '--horizon', '273', '--new-customer-horizons', '30, 90,365');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(`rapport: predictions for 2357 customers written to ${path.join(dir, 'out', 'predictions.csv')}`);
    const fit = JSON.parse(r.out) as { bgnbd: Bg; gammaGamma: { p: number; q: number; gamma: number }; newCustomer: { days: number; expectedPurchases: number }[] };
    const bg = fit.bgnbd;
    expect(fit.newCustomer.map((n) => n.days)).toEqual([30, 90, 365]);
    for (const n of fit.newCustomer) expect(n.expectedPurchases).toBeCloseTo(unconditional(bg, n.days / 7), 9); // days in weeks
    const csv = Papa.parse<Record<string, string>>(await readFile(path.join(dir, 'out', 'predictions.csv'), 'utf8'), { header: true, skipEmptyLines: true });
    expect(csv.meta.fields).toEqual(['customer_id', 'frequency', 'recency', 'T', 'p_alive', 'expected_purchases', 'expected_spend', 'clv']);
    expect(csv.data).toHaveLength(2357);
    const worked = csv.data.find((row) => row.customer_id === '00004')!;
    expect([Number(worked.frequency), Number(worked.recency), Number(worked.T)].map((v) => Number(v.toFixed(2)))).toEqual([2, 30.43, 38.86]);
    expect(Math.abs(Number(worked.expected_purchases) / 1.226 - 1)).toBeLessThan(0.001); // the note's 1.226
    const { p, q, gamma } = fit.gammaGamma;
    const month = 365.25 / 12 / 7;
    for (const row of csv.data.filter((_, i) => i % 97 === 0)) { // every 97th customer: 25 of them, all histories
      const [x, tx, T] = [Number(row.frequency), Number(row.recency), Number(row.T)];
      expect(Number(row.p_alive), row.customer_id).toBeCloseTo(pAlive(bg, x, tx, T), 9);
      expect(Number(row.expected_purchases), row.customer_id).toBeCloseTo(conditional(bg, 39, x, tx, T), 9);
      const spend = Number(row.expected_spend);
      // E[M | m_x, x] = (p·γ + p·x·m_x) / (p·x + q − 1), so x = 0 customers get the population mean p·γ/(q − 1).
      if (x === 0) expect(spend).toBeCloseTo((p * gamma) / (q - 1), 9);
      let clv = 0;
      for (let k = 1; k <= 12; k++) clv += ((conditional(bg, k * month, x, tx, T) - conditional(bg, (k - 1) * month, x, tx, T)) * spend) / 1.01 ** k;
      expect(Number(row.clv) / clv, row.customer_id).toBeCloseTo(1, 9);
    }
  });

  it('leaves spend and CLV empty without --amount, and refuses horizons without --predictions', async () => {
    const r = await cli('clv', 'fit', '--transactions', sample, '--no-header', '--delimiter', 'whitespace', '--customer', '1', '--date', '3',
      '--date-format', '%Y%m%d', '--calibration-end', '1997-09-30', '--predictions', 'buying.csv');
    expect(r.code, r.err).toBe(0);
    const lines = (await readFile(path.join(dir, 'buying.csv'), 'utf8')).trim().split('\n');
    expect(lines[1]).toMatch(/^\d+,\d+,[\d.]+,[\d.]+,[\d.e-]+,[\d.e-]+,,$/);
    const usage = await cli('clv', 'fit', '--transactions', sample, '--customer', '1', '--date', '3', '--horizon', '30');
    expect(usage).toMatchObject({ code: 2, err: 'rapport: --horizon needs --predictions FILE' });
    const bad = await cli('clv', 'fit', '--transactions', sample, '--customer', '1', '--date', '3', '--new-customer-horizons', '30,soon');
    expect(bad).toMatchObject({ code: 2, err: expect.stringContaining('--new-customer-horizons: expected days separated by commas') });
  });
});
