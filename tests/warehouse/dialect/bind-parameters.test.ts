// Tests which DuckDB type each JS parameter value is bound as, through the dialect.
import { dateValue } from '@duckdb/node-api';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useDialectDb } from '../../helpers/dialect-db.js';

const database = useDialectDb();

const boundType = async (value: unknown): Promise<string | undefined> => {
  const { rows } = await sql<{ type: string }>`select typeof(${value}) as type`.execute(database());
  return rows[0]?.type;
};

describe('bindParameters', () => {
  it.each([
    ['true', true, 'BOOLEAN'],
    ['a string', 'x', 'VARCHAR'],
    ['an int32 number', 2 ** 31 - 1, 'INTEGER'],
    ['a safe integer beyond int32', 2 ** 31, 'BIGINT'],
    ['a fractional number', 1.5, 'DOUBLE'],
    ['an integer beyond 2^53', 2 ** 60, 'DOUBLE'],
    ['a bigint in int64 range', 2n ** 62n, 'BIGINT'],
    ['a bigint beyond int64', 2n ** 64n, 'HUGEINT'],
    ['a bigint beyond int128', 2n ** 127n, 'UHUGEINT'],
    ['a Date where no type is expected', new Date(0), 'TIMESTAMP'],
    ['bytes', new Uint8Array([1, 2]), 'BLOB'],
    ['a list of mixed numbers', [1, 2.5, null], 'DOUBLE[]'],
    ['a list of strings', ['a', null], 'VARCHAR[]'],
    ['a DuckDB DATE value', dateValue({ year: 2024, month: 1, day: 2 }), 'DATE'],
    ['null', null, '"NULL"'],
  ])('binds %s as %s', async (_name, value, expected) => {
    expect(await boundType(value)).toBe(expected);
  });

  it('binds a list as one parameter usable with any()', async () => {
    const { rows } = await sql<{ hit: boolean; miss: boolean }>`
      select 42 = any(${[1, 42]}) as hit, 7 = any(${[1, 42]}) as miss`.execute(database());

    expect(rows[0]).toEqual({ hit: true, miss: false });
  });

  it.each([
    ['a plain object', { a: 1 }, /parameter \$1: unsupported value \[object Object\]/],
    ['a list of mixed kinds', [1, 'a'], /parameter \$1: an array bound as one parameter must hold values of one type/],
    ['a bigint beyond 128 bits', 2n ** 128n, /parameter \$1: bigint \d+ does not fit/],
  ])('refuses %s, naming the placeholder', async (_name, value, message) => {
    await expect(boundType(value)).rejects.toThrow(message);
  });
});
