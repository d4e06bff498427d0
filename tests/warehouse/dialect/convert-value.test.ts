// Tests how DuckDB result values of each type come back through the dialect.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useDialectDb } from '../../helpers/dialect-db.js';

const database = useDialectDb();

const selectValue = async (expression: string): Promise<unknown> => {
  const { rows } = await sql<{ v: unknown }>`select ${sql.raw(expression)} as v`.execute(database());
  return rows[0]?.v;
};

describe('convertValue', () => {
  it.each([
    ['DATE as an ISO day string', `DATE '2024-02-29'`, '2024-02-29'],
    ['an infinite DATE as DuckDB prints it', `'infinity'::DATE`, 'infinity'],
    ['TIME as text', `TIME '12:34:56.789'`, '12:34:56.789'],
    ['UUID as text', `UUID '00000000-0000-0000-0000-000000000001'`, '00000000-0000-0000-0000-000000000001'],
    ['ENUM as its label', `'b'::ENUM('a', 'b')`, 'b'],
    ['INTERVAL as months, days and micros', `INTERVAL '1 month 2 days 3.5 seconds'`, { months: 1, days: 2, micros: 3_500_000 }],
    ['UBIGINT beyond 2^53 as bigint', `18446744073709551615::UBIGINT`, 18446744073709551615n],
    ['BLOB as a Buffer of its bytes', `'\\x01\\xFF'::BLOB`, Buffer.from([1, 255])],
    ['LIST as an array with converted items', `[DATE '2024-01-01', NULL]`, ['2024-01-01', null]],
    ['STRUCT as an object with converted fields', `{'n': 2::BIGINT, 'at': TIMESTAMP '2024-01-01 00:00:00'}`, { n: 2, at: new Date('2024-01-01T00:00:00.000Z') }],
    ['MAP as key/value entries', `MAP {'k': 1.50::DECIMAL(4, 2)}`, [{ key: 'k', value: 1.5 }]],
    ['NULL as null', `NULL::INTEGER`, null],
  ])('reads %s', async (_name, expression, expected) => {
    expect(await selectValue(expression)).toEqual(expected);
  });

  it('names the column when a timestamp does not fit a JS Date', async () => {
    await expect(selectValue(`'infinity'::TIMESTAMP`)).rejects.toThrow(/column "v" \(TIMESTAMP\).*outside the JS Date range/);
  });
});
