import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvText, writeExportFile, type ExportColumn } from '../../sinks/export-formats.js';
import { fileInside, segmentSlug } from '../../sinks/output-path.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const text: ExportColumn = { name: 'note', type: 'VARCHAR', kind: 'text' };
const amount: ExportColumn = { name: 'amount', type: 'DOUBLE', kind: 'number' };

describe('CSV files', () => {
  it('neutralises cells a spreadsheet would run as a formula, and nothing else', () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=1\n=2', 'a=b', 'Zoë'];
    const csv = csvText([text, amount], [...hostile.map((note) => ({ note, amount: 1 })), { note: 'refund', amount: -30 }], false);
    const back = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(back.map((r) => r.note)).toEqual([
      `'=HYPERLINK("http://evil.example","x")`, "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", "'=1\n=2", 'a=b', 'Zoë', 'refund',
    ]);
    expect(back.at(-1)?.amount).toBe('-30'); // a number is data, not a formula
  });

  it('quotes every field, ends lines with CRLF and starts with a BOM only when asked', () => {
    const rows = [{ note: 'a, "b"', amount: 1.5 }];
    expect(csvText([text, amount], rows, false)).toBe('"note","amount"\r\n"a, ""b""","1.5"\r\n');
    expect(csvText([text, amount], rows, true)).toBe('\uFEFF"note","amount"\r\n"a, ""b""","1.5"\r\n');
  });
});

describe('all-or-nothing files', () => {
  it('leaves the previous file untouched and no temporary file behind when a write fails', async () => {
    const file = path.join(t.dir, 'out', 'seg.parquet');
    await writeExportFile(t.warehouse, file, 'parquet', [amount], [{ amount: 1 }]);
    const before = await readFile(file);
    // A value that does not fit its column makes DuckDB's COPY fail part-way.
    await expect(writeExportFile(t.warehouse, file, 'parquet', [{ name: 'n', type: 'INTEGER', kind: 'number' }], [{ n: 1 }, { n: 'not a number' }]))
      .rejects.toThrow(/writing \S+seg\.parquet failed \(partial output kept as \S+seg\.parquet\.err if any\)/);
    expect(await readFile(file)).toEqual(before);
    expect((await readdir(path.dirname(file))).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('keeps the temporary file as .err when the final rename fails', async () => {
    const target = path.join(t.dir, 'taken');
    await mkdir(target); // a folder where the file should go: the write succeeds, the rename cannot
    await expect(writeExportFile(t.warehouse, target, 'csv', [text], [{ note: 'x' }])).rejects.toThrow(/writing \S+taken failed/);
    expect(await readFile(`${target}.err`, 'utf8')).toBe('"note"\r\n"x"\r\n');
  });
});

describe('output paths', () => {
  it('turns any segment name into a plain file name', () => {
    expect(segmentSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(segmentSlug("Can't Lose Them")).toBe('can-t-lose-them');
    expect(segmentSlug('..')).toBe('segment');
  });

  it('refuses names that would leave the folder', () => {
    const dir = path.join(t.dir, 'exports');
    expect(fileInside(dir, 'at-risk.csv')).toBe(path.join(dir, 'at-risk.csv'));
    for (const bad of ['../x.csv', '/etc/passwd', 'sub/x.csv', '..', '']) expect(() => fileInside(dir, bad)).toThrow(/would land outside/);
  });
});
