// A run's as-of date: the day after the latest order, else after the latest event of any channel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels, emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { channelTablesSql } from '../../transforms/channel-records.js';
import { resolveAsOf } from '../../transforms/as-of.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); await t.warehouse.run(channelTablesSql(channels)); });
afterEach(async () => { await t.dispose(); });

const event = (id: string, at: string) => ({ event_id: id, event_type: 'open', email: 'ann@example.com', occurred_at: at });

describe('resolveAsOf', () => {
  it('is the day after the latest order (UTC), even when a later email event exists', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      { order_id: 'o1', line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 5, email: 'ann@example.com', ordered_at: '2026-03-09T23:30:00Z' },
    ]);
    await insertRows(t.warehouse, emailChannel, [event('e1', '2026-04-01T10:00:00Z')]);
    expect(await resolveAsOf(t.warehouse)).toBe('2026-03-10');
  });

  it('without orders, is the day after the latest event of any channel', async () => {
    await insertRows(t.warehouse, emailChannel, [event('e1', '2026-04-01T10:00:00Z')]);
    await insertRows(t.warehouse, socialChannel, [
      { interaction_id: 's1', platform: 'instagram', handle: '@ann', kind: 'comment', occurred_at: '2026-04-03T08:00:00Z' },
    ]);
    expect(await resolveAsOf(t.warehouse)).toBe('2026-04-04');
  });

  it('takes a requested date as it is, refuses one that is not a date, and an empty warehouse', async () => {
    expect(await resolveAsOf(t.warehouse, '2026-02-28')).toBe('2026-02-28');
    await expect(resolveAsOf(t.warehouse, '2026-02-30')).rejects.toThrow('--as-of: expected a date as YYYY-MM-DD, got "2026-02-30"');
    await expect(resolveAsOf(t.warehouse)).rejects.toThrow('the warehouse has no orders or events yet');
  });
});
