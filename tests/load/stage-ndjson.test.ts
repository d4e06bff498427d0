import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../load/load.js';
import { socialChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const load = (file: string, run = 'run-1') =>
  extractAndLoad(t.warehouse, fileSource('social', socialChannel, FileSourceConfig.parse({ connector: 'file', channel: 'social', path: file, quarantineLimit: 1 }), t.dir), run);

// Each line's fate worked out by hand: the comment says what the contract makes of it.
const lines = [
  '{"interaction_id":"s1","platform":"x","handle":"@a","kind":"like","occurred_at":"2026-03-01T10:00:00Z"}', // good, replaced by line 5
  '{"interaction_id":"s2","platform":"x","handle":"@b","kind":"like","occurred_at":"2026-03-01T11:00:00Z"', // invalid JSON
  '{"interaction_id":"s3","platform":"x","handle":"@c","kind":"like","occurred_at":12345}', // a number where a time belongs
  '{"interaction_id":"s4","platform":"x","kind":"like","occurred_at":"2026-03-01T12:00:00Z"}', // no handle
  '{"interaction_id":"s1","platform":"x","handle":"@a2","kind":"reply","occurred_at":"2026-03-02T10:00:00Z"}', // same key as line 1: wins
  '{"interaction_id":"s6","platform":"x","handle":"@f","handle":"@g","kind":"like","occurred_at":"2026-03-01T10:00:00Z"}', // handle twice
  '{"interaction_id":7,"platform":"x","handle":"@h","kind":"share","text":1e30,"occurred_at":"2026-03-03T10:00:00+02:00"}', // numbers as text
];

describe('NDJSON read line by line', () => {
  // A white-space line at the end is no record: the counts and record numbers do not change.
  for (const [name, ending] of [['ending with a line break', '\n'], ['ending with a blank line', '\n   \n']] as const) {
    it(`loads good lines, quarantines each bad one with its line number, field and raw line (${name})`, async () => {
      await t.files({ 's.ndjson': lines.join('\n') + ending });
      expect(await load('s.ndjson')).toEqual({ read: 7, loaded: 2, quarantined: 4, duplicate: 1 });
      const rows = await t.warehouse.all<{ interaction_id: string; handle: string; kind: string; text: string | null; at: string; _record_no: number }>(
        `SELECT interaction_id, handle, kind, text, strftime(occurred_at, '%Y-%m-%d %H:%M') AS at, _record_no FROM social_interactions ORDER BY _record_no`);
      expect(rows).toEqual([
        { interaction_id: 's1', handle: '@a2', kind: 'reply', text: null, at: '2026-03-02 10:00', _record_no: 5 },
        { interaction_id: '7', handle: '@h', kind: 'share', text: '1e30', at: '2026-03-03 08:00', _record_no: 7 }, // the number as written
      ]);
      const q = await t.warehouse.all<{ record_no: number; field: string | null; reason: string; raw: string }>(
        'SELECT record_no, field, reason, raw FROM quarantine ORDER BY record_no');
      expect(q).toEqual([
        { record_no: 2, field: null, reason: 'invalid JSON: the line does not parse as a JSON value', raw: lines[1] },
        { record_no: 3, field: 'occurred_at', reason: 'occurred_at: expected an ISO-8601 date and time, got "12345"', raw: lines[2] },
        { record_no: 4, field: 'handle', reason: 'handle: missing required field', raw: lines[3] },
        { record_no: 6, field: 'handle', reason: 'handle: expected the key "handle" once, got it twice in the record', raw: lines[5] },
      ]);
      expect(await t.warehouse.all('SELECT cursor FROM source_state')).toEqual([{ cursor: '2026-03-03T08:00:00.000000Z' }]);
    });
  }

  it('quarantines a JSON object or array where text belongs, and keeps text that only looks like one or is escaped', async () => {
    const row = (id: string, handle: string) => `{"interaction_id":"${id}","platform":"x","handle":${handle},"kind":"like","occurred_at":"2026-03-01T10:00:00Z"}`;
    await t.files({ 's.ndjson': [row('a', '{"n":1}'), row('b', '"[x]"'), row('c', '[1, 2]'), row('d', '"\\u0040d"'), row('e', '"{y"')].join('\n') + '\n' });
    expect(await load('s.ndjson')).toEqual({ read: 5, loaded: 3, quarantined: 2, duplicate: 0 });
    expect(await t.warehouse.all('SELECT interaction_id, handle FROM social_interactions ORDER BY 1'))
      .toEqual([{ interaction_id: 'b', handle: '[x]' }, { interaction_id: 'd', handle: '@d' }, { interaction_id: 'e', handle: '{y' }]);
    expect(await t.warehouse.all('SELECT record_no, reason FROM quarantine ORDER BY 1')).toEqual([
      { record_no: 1, reason: 'handle: expected text, got a JSON object or array' },
      { record_no: 3, reason: 'handle: expected text, got a JSON object or array' },
    ]);
  });

  it('quarantines lines that are JSON but not objects with their line numbers', async () => {
    const good = '{"interaction_id":"g","platform":"x","handle":"@g","kind":"like","occurred_at":"2026-03-01T10:00:00Z"}';
    await t.files({ 's.ndjson': [good, '42', '["a"]', '"text"', good.replace('"g"', '"h"')].join('\n') + '\n' });
    expect(await load('s.ndjson')).toEqual({ read: 5, loaded: 2, quarantined: 3, duplicate: 0 });
    const q = await t.warehouse.all<{ record_no: number; raw: string; field: string }>('SELECT record_no, raw, field FROM quarantine ORDER BY 1');
    expect(q.map((r) => [r.record_no, r.raw])).toEqual([[2, '42'], [3, '["a"]'], [4, '"text"']]);
    expect(q[0]!.field).toBe('interaction_id, platform, handle, kind, occurred_at'); // every required field is missing
  });

  it('reads two keys that differ only in case into the fields mapped to them', async () => {
    await t.files({ 's.ndjson': '{"interaction_id":"s1","handle":"x","Handle":"@H","kind":"like","occurred_at":"2026-03-01T10:00:00Z"}\n' });
    const source = fileSource('social', socialChannel, FileSourceConfig.parse({ connector: 'file', channel: 'social', path: 's.ndjson', mapping: { platform: 'handle', handle: 'Handle' } }), t.dir);
    expect(await extractAndLoad(t.warehouse, source, 'run-1')).toEqual({ read: 1, loaded: 1, quarantined: 0, duplicate: 0 });
    expect(await t.warehouse.all('SELECT platform, handle FROM social_interactions')).toEqual([{ platform: 'x', handle: '@H' }]);
  });
});
