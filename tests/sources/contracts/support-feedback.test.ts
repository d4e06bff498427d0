// The support and feedback channels end to end on a real DuckDB file: loaded through the file connector with
// quarantine (a score outside its survey's range, an unknown survey), and their identifiers joined to an order's customer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../../load/load.js';
import { channelByName, channels, ordersChannel } from '../../../sources/contracts/index.js';
import { fileSource } from '../../../sources/file/index.js';
import { FileSourceConfig } from '../../../sources/file/schema.js';
import { buildCustomer360 } from '../../../transforms/customer-360.js';
import { buildIdentities } from '../../../transforms/identities.js';
import { IdentityConfig } from '../../../transforms/identity-config.js';
import { insertRows } from '../../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

async function load(channel: 'support' | 'feedback', csv: string) {
  const files = await t.files({ [`${channel}.csv`]: csv });
  const config = FileSourceConfig.parse({ connector: 'file', channel, path: files[`${channel}.csv`]! });
  return extractAndLoad(t.warehouse, fileSource(channel, channelByName(channel), config, t.dir), `load-${channel}`);
}

const feedbackCsv = [
  'response_id,survey,score,comment,email,phone,order_id,occurred_at',
  'r1,nps,10,love it,ann@example.com,,o1,2026-06-05T09:00:00Z',
  'r2,nps,11,off the scale,ann@example.com,,,2026-06-06T09:00:00Z',
  'r3,csat,0,,bob@example.com,,,2026-06-07T09:00:00Z',
  'r4,csat,5,,bob@example.com,,,2026-06-08T09:00:00Z',
  'r5,ces,7,easy,,+49 151 2345678,,2026-06-09T09:00:00Z',
  'r6,stars,4,,ann@example.com,,,2026-06-10T09:00:00Z',
  'r7,nps,0,never again,ann@example.com,,,2026-06-11T09:00:00Z',
].join('\n');

const supportCsv = [
  'message_id,conversation_id,medium,direction,email,phone,handle,agent,text,status_after,occurred_at',
  'm1,c1,email,inbound,ANN@Example.com,,,,Where is my parcel?,open,2026-06-02T09:00:00Z',
  'm2,c1,email,outbound,,,,eva,It ships today.,solved,2026-06-02T11:00:00Z',
  'm3,c2,phone,inbound,,0151 2345678,,,Wrong size,open,2026-06-03T09:00:00Z',
  'm4,c2,phone,outbound,,,,eva,Exchange sent,pending,2026-06-03T09:30:00Z',
  'm5,c3,social,inbound,,,x:@Dee_X,,help?,open,2026-06-04T09:00:00Z',
  'm6,c3,fax,inbound,,,x:dee_x,,hello?,open,2026-06-04T10:00:00Z',
].join('\n');

describe('the support and feedback channels', () => {
  it('quarantine a score outside its survey range with a reason naming the field and the range', async () => {
    expect(await load('feedback', feedbackCsv)).toEqual({ read: 7, loaded: 4, quarantined: 3, duplicate: 0 });
    expect(await t.warehouse.all('SELECT response_id, survey, score FROM survey_responses ORDER BY response_id')).toEqual([
      { response_id: 'r1', survey: 'nps', score: 10 }, { response_id: 'r4', survey: 'csat', score: 5 },
      { response_id: 'r5', survey: 'ces', score: 7 }, { response_id: 'r7', survey: 'nps', score: 0 },
    ]);
    const bad = await t.warehouse.all<{ record_no: number; field: string; reason: string }>(
      'SELECT record_no, field, reason FROM quarantine ORDER BY record_no');
    expect(bad.map((b) => [b.record_no, b.field])).toEqual([[2, 'score'], [3, 'score'], [6, 'survey']]);
    expect(bad[0]!.reason).toBe('score: expected a nps score from 0 to 10, got "11"');
    expect(bad[1]!.reason).toBe('score: expected a csat score from 1 to 5, got "0"');
    expect(bad[2]!.reason).toContain('survey: expected one of nps, csat, ces');
  });

  it('link a support message and a survey response to the customer of the same person\'s order', async () => {
    await load('support', supportCsv);
    await load('feedback', feedbackCsv);
    // m6's medium is not one the contract knows: quarantined, the rest of its conversation kept.
    expect(await t.warehouse.all('SELECT field FROM quarantine WHERE source = $1', ['support'])).toEqual([{ field: 'medium' }]);
    await insertRows(t.warehouse, ordersChannel, [
      { order_id: 'o1', line_no: 1, customer_ref: 'A1', email: 'ann@example.com', status: 'completed', currency: 'EUR', quantity: 1, amount: 30, ordered_at: '2026-06-01T10:00:00Z' },
      { order_id: 'o2', line_no: 1, customer_ref: 'C3', phone: '+49 151 2345678', status: 'completed', currency: 'EUR', quantity: 1, amount: 20, ordered_at: '2026-06-01T11:00:00Z' },
    ]);
    await buildIdentities(t.warehouse, { config: IdentityConfig.parse({ defaultCountry: 'DE' }), channels, runId: 'run-1', now: new Date('2026-07-01T06:00:00Z') });
    await buildCustomer360(t.warehouse, { asOf: '2026-07-01', channels });
    const owners = await t.warehouse.all<{ channel: string; record_id: string; customer_id: string }>(
      'SELECT channel, record_id, customer_id FROM customer_records');
    const of = (channel: string, record: string) => owners.find((o) => o.channel === channel && o.record_id === record)?.customer_id;
    expect(of('orders', 'o1')).toBeDefined();
    expect(of('support', 'c1')).toBe(of('orders', 'o1'));            // Ann's ticket (email written in capitals) and Ann's order
    expect(of('support', 'c2')).toBe(of('orders', 'o2'));            // a phone call in national format and an order's +49 phone
    expect(of('feedback', 'r5')).toBe(of('orders', 'o2'));
    expect(of('support', 'c2')).not.toBe(of('orders', 'o1'));
    expect(await t.warehouse.all(`SELECT accounts, handles, support_conversations, support_messages_in, last_support_at::VARCHAR AS last_support_at, surveys_answered,
        last_nps_score, last_csat_score FROM customer_360 ORDER BY accounts[1] NULLS LAST, handles[1]`)).toEqual([
      { accounts: ['A1'], handles: null, support_conversations: 1, support_messages_in: 1, last_support_at: '2026-06-02 11:00:00',
        surveys_answered: 2, last_nps_score: 0, last_csat_score: null },
      { accounts: ['C3'], handles: null, support_conversations: 1, support_messages_in: 1, last_support_at: '2026-06-03 09:30:00',
        surveys_answered: 1, last_nps_score: null, last_csat_score: null },
      { accounts: null, handles: ['x:dee_x'], support_conversations: 1, support_messages_in: 1, last_support_at: '2026-06-04 09:00:00',
        surveys_answered: 0, last_nps_score: null, last_csat_score: null },
      { accounts: null, handles: null, support_conversations: 0, support_messages_in: 0, last_support_at: null,
        surveys_answered: 1, last_nps_score: null, last_csat_score: 5 },
    ]);
  });
});
