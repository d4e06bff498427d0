// `rapport clv fit` end to end: CDNOW with and without a header, a comma CSV, and the errors users will hit.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { fitBgNbd, fitClv, summarizeTransactions } from '../../transforms/clv/index.js';
import type { Transaction } from '../../transforms/clv/index.js';
import { datasetPath } from '../helpers/datasets.js';

const root = path.resolve(import.meta.dirname, '../..');
const sample = datasetPath('cdnow/CDNOW_sample.txt');
const master = datasetPath('cdnow/CDNOW_master.txt');
let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-clv-cli-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, cwd: dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// Whitespace-separated lines: the pure library's own reading of the same file.
async function readWhitespace(file: string, skip: number, id: number, day: number, amount: number): Promise<Transaction[]> {
  return (await readFile(file, 'utf8')).trim().split('\n').slice(skip).map((line) => {
    const f = line.trim().split(/\s+/);
    const d = f[day]!;
    return { customer: f[id]!, date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, amount: Number(f[amount]) };
  });
}

const relative = (a: number, b: number) => Math.abs(a / b - 1);

describe('rapport clv fit', () => {
  it('fits the CDNOW sample (no header, columns by position) in a real process, as the library does', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(root, 'bin/rapport.js'), 'clv', 'fit', '--transactions', sample, '--no-header', '--delimiter', 'whitespace',
      '--customer', '1', '--date', '3', '--amount', '5', '--date-format', '%Y%m%d',
      '--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30',
    ], { cwd: root }); // execFile rejects on a non-zero exit code
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['customers', 'bgnbd', 'gammaGamma', 'holdout']);
    expect(Object.keys(json.bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood', 'converged']);
    expect(Object.keys(json.gammaGamma)).toEqual(['p', 'q', 'gamma', 'logLikelihood', 'customers']);
    const reference = fitClv(summarizeTransactions(await readWhitespace(sample, 0, 0, 2, 4), {
      period: 'week', calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30',
    }));
    expect(json.customers).toBe(2357);
    expect(json.bgnbd.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) expect(relative(json.bgnbd[k], reference.bgnbd[k])).toBeLessThan(1e-6);
    for (const k of ['p', 'q', 'gamma', 'logLikelihood'] as const) expect(relative(json.gammaGamma[k], reference.gammaGamma[k])).toBeLessThan(1e-6);
    expect(json.gammaGamma.customers).toBe(946);
    expect(json.holdout).toMatchObject({ length: 39, customers: 2357, actual: 1882 });
    expect(relative(json.holdout.predicted, reference.holdout!.predicted)).toBeLessThan(1e-6);
    expect(json.holdout.byFrequency.map((r: { label: string }) => r.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
  });

  it('reads the CDNOW master file by header names and matches the library on all 23,570 customers', async () => {
    const { code, out, err } = await cli('clv', 'fit', '--transactions', master, '--delimiter', 'whitespace',
      '--customer', 'customer_id', '--date', 'date', '--date-format', '%Y%m%d', '--calibration-end', '1997-09-30');
    expect(code).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out);
    expect(json.customers).toBe(23570);
    expect(json.gammaGamma).toBeNull(); // no --amount
    expect(json.holdout).toBeUndefined();
    const reference = fitBgNbd(summarizeTransactions(await readWhitespace(master, 1, 0, 1, 3), { period: 'week', calibrationEnd: '1997-09-30' }));
    expect(json.bgnbd.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) expect(relative(json.bgnbd[k], reference[k])).toBeLessThan(1e-6);
  });

  it('reads a comma CSV with ISO timestamps in any offset as UTC days, in days, up to the latest purchase by default', async () => {
    const rows = ['cust,when,value'];
    for (let c = 0; c < 40; c++) {
      for (let k = 0; k <= c % 4; k++) rows.push(`u${c},2024-0${1 + k}-${String(1 + (c % 27)).padStart(2, '0')}T23:30:00-02:00,${10 + c}`);
    }
    await writeFile(path.join(dir, 'tx.csv'), rows.join('\n') + '\n');
    const { code, out } = await cli('clv', 'fit', '--transactions', 'tx.csv', '--customer', 'cust', '--date', 'when', '--period', 'day');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.customers).toBe(40);
    // The same purchases written as UTC dates, with the calibration end given: the same fit.
    const utc = ['cust,when,value', ...rows.slice(1).map((r) => {
      const [customer, when, value] = r.split(',');
      return `${customer},${new Date(when!).toISOString().slice(0, 10)},${value}`;
    })];
    expect(utc[1]).toBe('u0,2024-01-02,10'); // 2024-01-01T23:30-02:00 is the 2nd in UTC
    await writeFile(path.join(dir, 'utc.csv'), utc.join('\n') + '\n');
    const again = await cli('clv', 'fit', '--transactions', 'utc.csv', '--customer', 'cust', '--date', 'when', '--period', 'day',
      '--calibration-end', '2024-04-25'); // the latest purchase, 04-24T23:30-02:00, in UTC
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toEqual(json);
    const shorter = await cli('clv', 'fit', '--transactions', 'utc.csv', '--customer', 'cust', '--date', 'when', '--period', 'day',
      '--calibration-end', '2024-04-24');
    expect(JSON.parse(shorter.out).bgnbd).not.toEqual(json.bgnbd);
  });

  it('exits 1 naming the record for a date that does not parse, and 2 for usage errors', async () => {
    await writeFile(path.join(dir, 'bad.csv'), 'id,day\na,2024-01-01\nb,yesterday\n');
    const bad = await cli('clv', 'fit', '--transactions', 'bad.csv', '--customer', 'id', '--date', 'day');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.csv record 2 \(after the header\): date "yesterday" does not match an ISO date/);
    const unknown = await cli('clv', 'fit', '--transactions', 'bad.csv', '--customer', 'who', '--date', 'day');
    expect(unknown).toMatchObject({ code: 2, err: expect.stringMatching(/--customer: no column "who" .*columns: id, day/) });
    expect((await cli('clv', 'fit', '--transactions', 'bad.csv', '--date', 'day')).err).toMatch(/--customer: is required/);
    expect((await cli('clv', 'fit', '--transactions', 'bad.csv', '--customer', 'id', '--date', 'day', '--holdout-end', '2024-02-01')).code).toBe(2);
    expect((await cli('clv', 'fit', '--transactions', 'nope.csv', '--customer', 'id', '--date', 'day')).err).toMatch(/file not found/);
    expect((await cli('clv', 'predict')).code).toBe(2);
  });
});
