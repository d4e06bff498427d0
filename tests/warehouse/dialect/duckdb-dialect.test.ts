// Tests the DuckDB Kysely dialect against a real DuckDB file: the four kysely-duckdb pitfalls, transactions, RETURNING, streaming.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, DuckDBPreparedStatement, type DuckDBConnection } from '@duckdb/node-api';
import { CompiledQuery, Kysely, sql, type Generated } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { DuckDbDatabaseConnection, DuckDbDialect, DuckDbQueryError } from '../../../warehouse/dialect/index.js';

interface OrdersTable {
  id: Generated<number>;
  customer_id: string;
  placed_at: Date;
  placed_at_tz: Date | null;
  amount: number;
}

interface DB {
  orders: OrdersTable;
}

// Neither the machine zone nor the session zone is UTC here, so any conversion that leans on one shows up.
const MACHINE_TZ = 'Pacific/Chatham';
const SESSION_TZ = 'America/New_York';

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let db: Kysely<DB>;
const originalTz = process.env.TZ;

beforeAll(() => {
  process.env.TZ = MACHINE_TZ;
});

afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-dialect-'));
  instance = await DuckDBInstance.create(path.join(dir, 'warehouse.duckdb'));
  connection = await instance.connect();
  await connection.run(`SET TimeZone = '${SESSION_TZ}'`);
  await connection.run(`
    CREATE SEQUENCE orders_id START 1;
    CREATE TABLE orders (
      id INTEGER PRIMARY KEY DEFAULT nextval('orders_id'),
      customer_id VARCHAR NOT NULL,
      placed_at TIMESTAMP NOT NULL,
      placed_at_tz TIMESTAMPTZ,
      amount DECIMAL(18, 2) NOT NULL
    );`);
  db = new Kysely<DB>({ dialect: new DuckDbDialect({ connection: async () => connection }) });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await db.destroy();
  connection.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const order = (customer_id: string, amount = 1, placed_at = new Date('2024-01-15T06:30:15.123Z')) => ({
  customer_id,
  amount,
  placed_at,
  placed_at_tz: placed_at,
});

describe('the test environment', () => {
  it('runs with a non-UTC machine zone and a non-UTC session zone', async () => {
    expect(new Date(2024, 6, 1).getTimezoneOffset()).not.toBe(0);
    const { rows } = await sql<{ tz: string }>`select current_setting('TimeZone') as tz`.execute(db);
    expect(rows[0]?.tz).toBe(SESSION_TZ);
  });
});

describe('Date parameters', () => {
  it('bind as the UTC wall clock of a TIMESTAMP and as the same instant of a TIMESTAMPTZ', async () => {
    const at = new Date('2024-01-15T06:30:15.123Z');
    await db.insertInto('orders').values(order('c1', 1, at)).execute();

    const row = await db
      .selectFrom('orders')
      .select([sql<string>`placed_at::varchar`.as('wall_clock'), sql<number>`epoch_ms(placed_at_tz)`.as('tz_millis')])
      .executeTakeFirstOrThrow();

    expect(row.wall_clock).toBe('2024-01-15 06:30:15.123');
    expect(row.tz_millis).toBe(at.getTime());
  });

  it('compare exactly in where clauses on TIMESTAMP and TIMESTAMPTZ columns', async () => {
    const at = new Date('2024-01-15T06:30:15.123Z');
    await db.insertInto('orders').values(order('c1', 1, at)).execute();
    const later = new Date(at.getTime() + 1);

    const matches = async (column: 'placed_at' | 'placed_at_tz', op: '=' | '<', value: Date) =>
      (await db.selectFrom('orders').select('id').where(column, op, value).execute()).length;

    expect(await matches('placed_at', '=', at)).toBe(1);
    expect(await matches('placed_at', '<', later)).toBe(1);
    expect(await matches('placed_at', '<', at)).toBe(0);
    expect(await matches('placed_at_tz', '=', at)).toBe(1);
    expect(await matches('placed_at_tz', '<', at)).toBe(0);
  });

  it('refuses an Invalid Date instead of binding NULL or a string', async () => {
    const insert = db.insertInto('orders').values(order('c1', 1, new Date('not a date'))).execute();
    await expect(insert).rejects.toThrow(DuckDbQueryError);
    await expect(insert).rejects.toThrow(/parameter \$\d: Invalid Date/);
  });
});

describe('BIGINT results', () => {
  it('returns count(*) as count as a JS number', async () => {
    await db.insertInto('orders').values([order('a'), order('b'), order('c')]).execute();

    const { count } = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();

    expect(count).toBe(3);
  });

  it('keeps integers beyond Number.MAX_SAFE_INTEGER exact as bigint', async () => {
    const { rows } = await sql<{ big: bigint; huge: bigint; small_huge: number }>`
      select 9007199254740993::BIGINT as big,
             170141183460469231731687303715884105727::HUGEINT as huge,
             42::HUGEINT as small_huge`.execute(db);

    expect(rows[0]).toEqual({ big: 9007199254740993n, huge: 170141183460469231731687303715884105727n, small_huge: 42 });
  });
});

describe('TIMESTAMP time zones', () => {
  it('reads TIMESTAMP as a UTC wall clock and TIMESTAMPTZ as its instant, whatever the session zone', async () => {
    const { rows } = await sql<{ naive: Date; zoned: Date }>`
      select TIMESTAMP '2024-07-01 12:00:00' as naive,
             TIMESTAMPTZ '2024-07-01 12:00:00+02:00' as zoned`.execute(db);

    expect(rows[0]?.naive.toISOString()).toBe('2024-07-01T12:00:00.000Z');
    expect(rows[0]?.zoned.toISOString()).toBe('2024-07-01T10:00:00.000Z');
  });

  it('round-trips a Date through TIMESTAMP and TIMESTAMPTZ columns unchanged', async () => {
    const at = new Date('2024-07-01T23:59:59.999Z');
    await db.insertInto('orders').values(order('c1', 1, at)).execute();

    const row = await db.selectFrom('orders').select(['placed_at', 'placed_at_tz']).executeTakeFirstOrThrow();

    expect(row.placed_at).toEqual(at);
    expect(row.placed_at_tz).toEqual(at);
  });

  it('floors microseconds to milliseconds, also before 1970', async () => {
    const { rows } = await sql<{ micro: Date; before_epoch: Date }>`
      select TIMESTAMP '2024-07-01 12:00:00.123999' as micro,
             TIMESTAMP '1969-12-31 23:59:59.9995' as before_epoch`.execute(db);

    expect(rows[0]?.micro.toISOString()).toBe('2024-07-01T12:00:00.123Z');
    expect(rows[0]?.before_epoch.toISOString()).toBe('1969-12-31T23:59:59.999Z');
  });
});

describe('DECIMAL values', () => {
  it('binds numbers by their decimal text and reads DECIMAL back as exact-as-possible numbers', async () => {
    await db.insertInto('orders').values([order('a', 19.99), order('b', 0.1), order('c', 0.2), order('d', 1.005)]).execute();

    const stored = await db.selectFrom('orders').select(sql<string>`amount::varchar`.as('text')).orderBy('id').execute();
    const { total } = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.sum<number>('amount').as('total'))
      .executeTakeFirstOrThrow();
    const amounts = await db.selectFrom('orders').select('amount').orderBy('id').execute();

    // 1.005 is 1.00499999… in binary; a DOUBLE cast would store 1.00.
    expect(stored.map((row) => row.text)).toEqual(['19.99', '0.10', '0.20', '1.01']);
    expect(total).toBe(21.3);
    expect(amounts.map((row) => row.amount)).toEqual([19.99, 0.1, 0.2, 1.01]);
  });

  it('reads a wide DECIMAL as the double nearest its exact value', async () => {
    const { rows } = await sql<{ precise: number }>`select 1.23456789012345678::DECIMAL(38, 17) as precise`.execute(db);

    // The client's own toDouble() gives 1.234567890123457 here.
    expect(rows[0]?.precise).toBe(Number('1.23456789012345678'));
  });
});

describe('transactions', () => {
  it('commits on success and rolls back when the callback throws', async () => {
    await db.transaction().execute((trx) => trx.insertInto('orders').values(order('kept')).execute());
    const failed = db.transaction().execute(async (trx) => {
      await trx.insertInto('orders').values(order('dropped')).execute();
      throw new Error('boom');
    });

    await expect(failed).rejects.toThrow('boom');
    const customers = await db.selectFrom('orders').select('customer_id').execute();
    expect(customers).toEqual([{ customer_id: 'kept' }]);
  });

  it('runs a query started during another caller’s transaction after it, outside it', async () => {
    let outside: Promise<unknown> | undefined;
    const failed = db.transaction().execute(async (trx) => {
      await trx.insertInto('orders').values(order('inside')).execute();
      outside = db.insertInto('orders').values(order('outside')).execute();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('roll back');
    });

    await expect(failed).rejects.toThrow('roll back');
    await outside;
    const customers = await db.selectFrom('orders').select('customer_id').execute();
    expect(customers).toEqual([{ customer_id: 'outside' }]);
  });

  it('refuses isolation levels, which DuckDB does not have', async () => {
    const attempt = db.transaction().setIsolationLevel('serializable').execute(async () => undefined);

    await expect(attempt).rejects.toThrow(/isolation level 'serializable'/);
    expect(await db.selectFrom('orders').select('id').execute()).toEqual([]);
  });
});

describe('affected rows and RETURNING', () => {
  it('returns inserted rows with converted values', async () => {
    const at = new Date('2024-02-01T00:00:00.000Z');

    const rows = await db
      .insertInto('orders')
      .values([order('a', 10.5, at), order('b', 2, at)])
      .returning(['id', 'customer_id', 'placed_at', 'amount'])
      .execute();

    expect(rows).toEqual([
      { id: 1, customer_id: 'a', placed_at: at, amount: 10.5 },
      { id: 2, customer_id: 'b', placed_at: at, amount: 2 },
    ]);
  });

  it('reports the rows changed by INSERT, UPDATE and DELETE', async () => {
    const inserted = await db.insertInto('orders').values([order('a'), order('a'), order('b')]).executeTakeFirstOrThrow();
    const updated = await db.updateTable('orders').set({ amount: 5 }).where('customer_id', '=', 'a').executeTakeFirstOrThrow();
    const deleted = await db.deleteFrom('orders').where('customer_id', '=', 'b').executeTakeFirstOrThrow();

    expect(inserted.numInsertedOrUpdatedRows).toBe(3n);
    expect(updated.numUpdatedRows).toBe(2n);
    expect(deleted.numDeletedRows).toBe(1n);
  });
});

describe('streaming', () => {
  const fillOrders = (count: number) =>
    sql`insert into orders (customer_id, placed_at, amount)
        select 'c' || range, TIMESTAMP '2024-01-01' + to_seconds(range), range / 100
        from range(${count})`.execute(db);

  it('streams a 10k-row table in order through the client’s streaming result', async () => {
    await fillOrders(10_000);
    const streamed = vi.spyOn(DuckDBPreparedStatement.prototype, 'stream');
    const materialised = vi.spyOn(DuckDBPreparedStatement.prototype, 'run');

    let count = 0;
    let outOfOrder = 0;
    for await (const row of db.selectFrom('orders').select(['id', 'placed_at']).orderBy('id').stream(1000)) {
      count += 1;
      if (row.id !== count) outOfOrder += 1;
    }

    expect(count).toBe(10_000);
    expect(outOfOrder).toBe(0);
    expect(streamed).toHaveBeenCalledTimes(1);
    expect(materialised).not.toHaveBeenCalled();
  });

  it('yields batches of the requested size and leaves the connection usable after an early stop', async () => {
    const raw = new DuckDbDatabaseConnection(connection);
    const sizes: number[] = [];
    for await (const batch of raw.streamQuery(CompiledQuery.raw('select range as n from range(10000)'), 3000)) {
      sizes.push(batch.rows.length);
    }
    for await (const _ of raw.streamQuery(CompiledQuery.raw('select range as n from range(10000)'), 10)) break;

    expect(sizes).toEqual([3000, 3000, 3000, 1000]);
    expect((await raw.executeQuery(CompiledQuery.raw('select 1 as one'))).rows).toEqual([{ one: 1 }]);
  });
});

describe('query compilation', () => {
  it('compiles to Postgres-style SQL with $n placeholders that DuckDB runs', async () => {
    await db.insertInto('orders').values([order('a', 3), order('b', 4), order('z', 5)]).execute();
    const since = new Date('2024-01-01T00:00:00.000Z');
    const query = db
      .selectFrom('orders')
      .select(['id', 'amount', 'placed_at'])
      .where('placed_at', '>=', since)
      .where('customer_id', 'in', ['a', 'b'])
      .orderBy('id')
      .limit(10);

    const compiled = query.compile();

    expect(compiled.sql).toBe(
      'select "id", "amount", "placed_at" from "orders" where "placed_at" >= $1 and "customer_id" in ($2, $3) order by "id" limit $4',
    );
    expect(compiled.parameters).toEqual([since, 'a', 'b', 10]);
    expect((await query.execute()).map((row) => row.amount)).toEqual([3, 4]);
  });

  it('types selected rows from the DB interface', () => {
    const query = db.selectFrom('orders').select(['id', 'amount', 'placed_at', 'placed_at_tz']);

    expectTypeOf<Awaited<ReturnType<typeof query.executeTakeFirstOrThrow>>>().toEqualTypeOf<{
      id: number;
      amount: number;
      placed_at: Date;
      placed_at_tz: Date | null;
    }>();
  });
});

describe('introspection', () => {
  it('lists tables and views of the current database with their columns', async () => {
    await connection.run(`CREATE VIEW big_orders AS SELECT id FROM orders WHERE amount > 100`);

    const tables = await db.introspection.getTables();
    const orders = tables.find((table) => table.name === 'orders');

    expect(tables.map((table) => [table.schema, table.name, table.isView])).toEqual([
      ['main', 'big_orders', true],
      ['main', 'orders', false],
    ]);
    expect(orders?.columns.map((column) => column.name)).toEqual(['id', 'customer_id', 'placed_at', 'placed_at_tz', 'amount']);
    expect(orders?.columns[0]).toMatchObject({ dataType: 'INTEGER', isAutoIncrementing: true, hasDefaultValue: true, isNullable: false });
    expect(orders?.columns[3]).toMatchObject({ dataType: 'TIMESTAMP WITH TIME ZONE', isNullable: true, hasDefaultValue: false });
    expect(await db.introspection.getSchemas()).toContainEqual({ name: 'main' });
  });
});
