import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../../load/load.js';
import { emailChannel } from '../../../sources/contracts/index.js';
import { fileSource } from '../../../sources/file/index.js';
import { FileSourceConfig } from '../../../sources/file/schema.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const header = 'event_id,event_type,email,occurred_at\n';
const good = 'e1,send,a@b.test,2026-01-01T00:00:00Z\ne2,open,b@b.test,2026-01-01T01:00:00Z\n';
const load = (file: string, extra: object = {}) =>
  extractAndLoad(t.warehouse, fileSource('esp', emailChannel, FileSourceConfig.parse({ connector: 'file', channel: 'email', path: file, ...extra }), t.dir), 'run-1');
const loaded = async () => (await t.warehouse.all<{ n: number }>('SELECT count(*) AS n FROM email_events'))[0]?.n;

/** Every bad file must fail by name with a one-line reason, and leave nothing of itself behind. */
async function expectRejected(file: string, reason: RegExp, extra: object = {}) {
  const error = await load(file, extra).then(() => undefined, (e: Error) => e);
  expect(error?.message).toMatch(new RegExp(`^source esp: \\S*${file.replace('.', '\\.')}: `));
  expect(error?.message).toMatch(reason);
  expect(error?.message).not.toContain('\n    at '); // a sentence, not a stack trace
  expect(await loaded()).toBe(0);
  expect(await t.warehouse.all('SELECT * FROM source_files')).toEqual([]);
}

describe('malformed files', () => {
  it('fails a 0-byte file by name', async () => {
    await t.files({ 'empty.csv': '' });
    await expectRejected('empty.csv', /the file is empty \(0 bytes\); nothing was loaded from it/);
  });

  it('fails binary garbage by name', async () => {
    await t.files({ 'garbage.csv': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) });
    await expectRejected('garbage.csv', /looks like binary data, not csv text \(a NUL byte at offset \d+\)/);
  });

  it('fails a file that is not UTF-8, naming the line and the encoding setting', async () => {
    await t.files({ 'latin1.csv': Buffer.concat([Buffer.from(header + 'e1,send,caf'), Buffer.from([0xe9]), Buffer.from('@b.test,2026-01-01T00:00:00Z\n' + good.split('\n')[1] + '\n')]) });
    await expectRejected('latin1.csv', /is not valid UTF-8 \(line 2\); .*set "encoding" on the source to 'latin-1'/);
  });

  it('loads the same Latin-1 file when its encoding is configured', async () => {
    await t.files({ 'latin1.csv': Buffer.concat([Buffer.from(header + 'e1,send,caf'), Buffer.from([0xe9]), Buffer.from('@b.test,2026-01-01T00:00:00Z\n')]) });
    expect(await load('latin1.csv', { encoding: 'latin-1' })).toMatchObject({ read: 1, loaded: 1 });
    expect(await t.warehouse.all('SELECT email FROM email_events')).toEqual([{ email: 'café@b.test' }]);
  });

  it('fails a CSV cut off mid-record', async () => {
    await t.files({ 'cut.csv': header + good + 'e3,op' });
    await expectRejected('cut.csv', /looks truncated: the last record \(3\) is incomplete and the file does not end with a line break/);
  });

  it('fails a CSV cut off inside a quoted field', async () => {
    await t.files({ 'cutq.csv': header + good + 'e3,open,"a@b' });
    await expectRejected('cutq.csv', /cannot read as csv: no consistent CSV layout found \(an unclosed quote, a truncated file/);
  });

  it('fails an NDJSON file cut off mid-line', async () => {
    await t.files({ 'cut.ndjson': '{"event_id":"e1","event_type":"send","email":"a@b.test","occurred_at":"2026-01-01T00:00:00Z"}\n{"event_id":"e2","ev' });
    await expectRejected('cut.ndjson', /looks truncated: the last record \(2\)/);
  });

  it('fails a file with the wrong delimiter, suggesting the right one', async () => {
    await t.files({ 'semi.csv': (header + good).replaceAll(',', ';') });
    await expectRejected('semi.csv', /4 required fields have no column to come from: "event_id".*is the delimiter ";"\? set csv\.delimiter/);
  });

  it('quarantines a broken record in the middle of a complete file once, and loads the rest', async () => {
    await t.files({ 'mid.csv': header + 'e1,send,a@b.test,2026-01-01T00:00:00Z\ne2,op\ne3,open,c@b.test,2026-01-01T02:00:00Z\n' });
    expect(await load('mid.csv')).toEqual({ read: 3, loaded: 2, quarantined: 1, duplicate: 0 });
    const q = await t.warehouse.all<{ record_no: number; reason: string }>('SELECT record_no, reason FROM quarantine');
    expect(q).toEqual([{ record_no: 2, reason: expect.stringMatching(/missing columns/) }]);
  });
});
