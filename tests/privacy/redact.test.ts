// A forget deletes the person's own rows and replaces mentions of them in rows that stay (others' posts, run logs).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetPerson } from '../../privacy/forget.js';
import { AmbiguousPersonError } from '../../privacy/person.js';
import { wholeWordsPattern } from '../../privacy/redact.js';
import { ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { IdentityConfig } from '../../transforms/identity-config.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });
const identity = IdentityConfig.parse({ defaultCountry: 'DE' });

const line = (order_id: string, extra: Record<string, string | number>) => ({
  order_id, line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 25, ordered_at: '2026-01-10T10:00:00Z', ...extra,
});

describe('forget redacts mentions', () => {
  it('replaces the person in text of rows that stay, and leaves look-alikes alone', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      line('o1', { email: 'Ann.Other@example.de', phone: '0151 2345678' }),
      line('o2', { email: 'bob@example.de' }),
    ]);
    await insertRows(t.warehouse, socialChannel, [
      { interaction_id: 's1', platform: 'instagram', handle: '@annie_o', kind: 'comment', profile_email: 'ann.other@example.de', occurred_at: '2026-01-11T09:00:00Z' },
      { interaction_id: 's2', platform: 'instagram', handle: '@bobby', kind: 'comment', profile_email: 'bob@example.de',
        text: 'thanks @annie_o! mail ann.other@example.de, not annie_ox or xann.other@example.de', occurred_at: '2026-01-12T09:00:00Z' },
    ]);
    await buildIdentities(t.warehouse, { config: identity });
    await buildCustomer360(t.warehouse, { asOf: '2026-02-01' });
    await t.warehouse.run(`INSERT INTO pipeline_warnings VALUES ('r1', 'extract:orders', 'x', 'o1', 'row of Ann.Other@example.de looked odd', now())`);

    const r = await forgetPerson(t.warehouse, 'instagram:annie_o', { identity, actor: 'test' });
    expect(r.removed).toEqual(expect.arrayContaining([
      { table: 'order_lines', rows: 1, how: 'deleted' },
      { table: 'social_interactions', rows: 1, how: 'deleted' },
      { table: 'social_interactions', rows: 1, how: 'redacted' },
      { table: 'pipeline_warnings', rows: 1, how: 'redacted' },
    ]));
    expect(await t.warehouse.all('SELECT interaction_id, handle, text FROM social_interactions')).toEqual([
      { interaction_id: 's2', handle: '@bobby', text: 'thanks [forgotten]! mail [forgotten], not annie_ox or xann.other@example.de' },
    ]);
    expect(await t.warehouse.all('SELECT message FROM pipeline_warnings')).toEqual([{ message: 'row of [forgotten] looked odd' }]);
    expect(await t.warehouse.all(`SELECT order_id FROM order_lines`)).toEqual([{ order_id: 'o2' }]);
  });

  it('refuses an identifier shared by two customers, changing nothing', async () => {
    await insertRows(t.warehouse, socialChannel, [
      { interaction_id: 's1', platform: 'instagram', handle: '@sam', kind: 'like', profile_email: 'sam1@example.de', occurred_at: '2026-01-11T09:00:00Z' },
      { interaction_id: 's2', platform: 'tiktok', handle: '@sam', kind: 'like', profile_email: 'sam2@example.de', occurred_at: '2026-01-11T09:00:00Z' },
    ]);
    await buildIdentities(t.warehouse, { config: identity });
    await expect(forgetPerson(t.warehouse, '@sam', { identity, actor: 'test' })).rejects.toThrow(AmbiguousPersonError);
    expect(await t.warehouse.all('SELECT count(*)::INT AS n FROM social_interactions')).toEqual([{ n: 2 }]);
  });

  it('forgets an identifier no customer has: its quarantined records go and it is tombstoned', async () => {
    await t.warehouse.run(`INSERT INTO quarantine (source, location, record_no, raw_hash, field, reason, raw, run_id, quarantined_at)
      VALUES ('orders', 'orders.csv', 7, 'h1', 'amount', 'expected a number', 'o9,1,,Ghost@Example.de,,completed,EUR,x,1,1,abc', 'r1', now()),
             ('orders', 'orders.csv', 8, 'h2', 'amount', 'expected a number', 'o10,1,,someone@example.de,,completed,EUR,x,1,1,abc', 'r1', now())`);
    const r = await forgetPerson(t.warehouse, 'ghost@example.de', { identity, actor: 'test' });
    expect(r).toMatchObject({ customerIds: 0, tombstones: 1, removed: [{ table: 'quarantine', rows: 1, how: 'deleted' }] });
    expect(await t.warehouse.all('SELECT record_no::INT AS n FROM quarantine')).toEqual([{ n: 8 }]);
    expect(await t.warehouse.all('SELECT kind FROM privacy_tombstones')).toEqual([{ kind: 'email' }]);
  });

  it('escapes every pattern character of an identifier', () => {
    expect(new RegExp(wholeWordsPattern(['+49 (151) 2.3']), 'i').test('call +49 (151) 2.3 now')).toBe(true);
    expect(new RegExp(wholeWordsPattern(['+49 (151) 2.3']), 'i').test('call +49 (151) 2x3 now')).toBe(false);
  });
});
