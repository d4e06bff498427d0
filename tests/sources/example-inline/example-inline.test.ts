import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../../load/load.js';
import { SourceConfig, sourceFromConfig } from '../../../sources/index.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// Three email events written in the config; the second has an event type the contract does not know.
const config = SourceConfig.parse({
  connector: 'example-inline', channel: 'email', mapping: { event_id: 'id' },
  rows: [
    { id: 'e1', event_type: 'send', email: 'ann@example.com', occurred_at: '2026-03-01T09:00:00Z' },
    { id: 'e2', event_type: 'teleport', email: 'bob@example.com', occurred_at: '2026-03-01T09:30:00Z' },
    { id: 'e3', event_type: 'open', email: 'ann@example.com', occurred_at: '2026-03-01T10:00:00Z' },
  ],
});

describe('example-inline connector', () => {
  it('loads rows given in the config through the registry into a DuckDB file, quarantining the bad one', async () => {
    const source = sourceFromConfig('demo', config, t.dir);
    expect(await extractAndLoad(t.warehouse, source, 'run-1')).toEqual({ read: 3, loaded: 2, quarantined: 1, duplicate: 0 });
    expect(await t.warehouse.all('SELECT event_id, event_type, _source, _location, _record_no FROM email_events ORDER BY event_id')).toEqual([
      { event_id: 'e1', event_type: 'send', _source: 'demo', _location: 'inline:demo', _record_no: 1 },
      { event_id: 'e3', event_type: 'open', _source: 'demo', _location: 'inline:demo', _record_no: 3 },
    ]);
    const [bad] = await t.warehouse.all<{ location: string; record_no: number; field: string; reason: string; raw: string }>(
      'SELECT location, record_no, field, reason, raw FROM quarantine');
    expect(bad).toMatchObject({ location: 'inline:demo', record_no: 2, field: 'event_type' });
    expect(bad!.reason).toContain('teleport');
    expect(JSON.parse(bad!.raw)).toEqual(config.connector === 'example-inline' ? config.rows[1] : undefined);
    // The cursor is the latest event time among the rows loaded (e3's; e2 was quarantined).
    expect(await t.warehouse.all('SELECT source, cursor FROM source_state')).toEqual([{ source: 'demo', cursor: '2026-03-01T10:00:00.000000Z' }]);
  });

  it('skips rows it already loaded, and re-reads them on a full refresh without duplicating', async () => {
    const source = sourceFromConfig('demo', config, t.dir);
    await extractAndLoad(t.warehouse, source, 'run-1');
    expect(await extractAndLoad(t.warehouse, source, 'run-2')).toEqual({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });
    expect(await extractAndLoad(t.warehouse, source, 'run-3', () => {}, { fullRefresh: true })).toEqual({ read: 3, loaded: 0, quarantined: 1, duplicate: 2 });
    expect(await t.warehouse.all('SELECT count(*)::INTEGER AS n FROM email_events')).toEqual([{ n: 2 }]);
    expect(await t.warehouse.all('SELECT count(*)::INTEGER AS n FROM quarantine')).toEqual([{ n: 1 }]); // the same bad record is not stored twice
  });
});
