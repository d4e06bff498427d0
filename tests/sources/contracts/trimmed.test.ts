import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trimmedOrNull } from '../../../sources/contracts/contract-sql.js';
import { literal } from '../../../warehouse/warehouse.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// Unicode's space separators (category Zs), trimmed at both ends; tabs and line breaks are not in it.
const byJs = (v: string) => v.replace(/^\p{Zs}+|\p{Zs}+$/gu, '') || null;

describe('trimmedOrNull', () => {
  it('gives what trimming Unicode space separators gives, and NULL for nothing left, ASCII or not', async () => {
    const values = ['', ' ', '   ', 'a', ' a', 'a ', ' a b ', 'Ann@Example.com', '\u00a0a', 'a\u00a0', '\u3000a\u3000', 'a\u2003',
      '\u2003', '\u202f', '\ta\t', 'a\n', 'é', ' é ', 'é ', 'x é y', '\u00a0\u00a0', 'a\u200b', 'naïve', 'n\u0303', '日本 ', '\u205fz'];
    const rows = await t.warehouse.all<{ v: string; got: string | null; duck: string | null }>(
      `SELECT v, ${trimmedOrNull('v')} AS got, nullif(trim(v), '') AS duck FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}) x(i, v) ORDER BY i`);
    expect(rows.map((r) => r.got)).toEqual(values.map(byJs));
    expect(rows.map((r) => r.got)).toEqual(rows.map((r) => r.duck)); // DuckDB's own trim, copying every value
  });
});
