// The contacts channel through the file connector into a real DuckDB file: typed columns, quarantine naming field and reason, email links to orders.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../../load/load.js';
import { channels, contactsChannel, ordersChannel } from '../../../sources/contracts/index.js';
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

const header = 'contact_id,first_name,last_name,email,phone,date_of_birth,street,city,postcode,country,updated_at';
const csv = [
  header,
  'k1,Robert,Allen,Rob.Allen@Example.com,,1971-06-24,1 High St,London,N1 9GU,GB,2026-05-01T09:00:00Z',
  'k2,Ann,Berg,,0151 2345678,,,,,DE,2026-05-02T09:00:00Z',
  'k3,Cy,Cole,cy@example.com,,1971-02-30,,,,GB,2026-05-03T09:00:00Z',   // no 30 February
  'k4,Dee,Dunn,dee@example.com,,1980-01-01,,,,XX,2026-05-04T09:00:00Z', // no country XX
  'k5,Eve,East,eve@example.com,,,,,,gb,2026-05-05T09:00:00Z',           // lower case
  'k6,Fay,,fay@example.com,,,,,,,',                                     // updated_at missing
].map((l) => l.replace(/\s+\/\/.*$/, '')).join('\n');

async function loadContacts() {
  const files = await t.files({ 'contacts.csv': csv });
  const source = fileSource('crm', contactsChannel, FileSourceConfig.parse({ connector: 'file', channel: 'contacts', path: files['contacts.csv']!, quarantineLimit: 1 }), t.dir);
  return extractAndLoad(t.warehouse, source, 'load-crm');
}

describe('the contacts channel', () => {
  it('loads typed rows and quarantines a bad date of birth or country with the field and what was expected', async () => {
    expect(await loadContacts()).toEqual({ read: 6, loaded: 2, quarantined: 4, duplicate: 0 });
    expect(await t.warehouse.all(`SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_name = 'contacts' AND column_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY ordinal_position`)).toEqual([
      { name: 'contact_id', type: 'VARCHAR' }, { name: 'first_name', type: 'VARCHAR' }, { name: 'last_name', type: 'VARCHAR' },
      { name: 'email', type: 'VARCHAR' }, { name: 'phone', type: 'VARCHAR' }, { name: 'date_of_birth', type: 'DATE' },
      { name: 'street', type: 'VARCHAR' }, { name: 'city', type: 'VARCHAR' }, { name: 'postcode', type: 'VARCHAR' },
      { name: 'country', type: 'VARCHAR' }, { name: 'updated_at', type: 'TIMESTAMP' },
    ]);
    expect(await t.warehouse.all(`SELECT contact_id, date_of_birth::VARCHAR AS dob, country, updated_at::VARCHAR AS updated_at
      FROM contacts ORDER BY contact_id`)).toEqual([
      { contact_id: 'k1', dob: '1971-06-24', country: 'GB', updated_at: '2026-05-01 09:00:00' },
      { contact_id: 'k2', dob: null, country: 'DE', updated_at: '2026-05-02 09:00:00' },
    ]);
    const bad = await t.warehouse.all<{ record_no: number; field: string; reason: string }>(
      'SELECT record_no, field, reason FROM quarantine ORDER BY record_no');
    expect(bad.map((b) => [b.record_no, b.field])).toEqual([[3, 'date_of_birth'], [4, 'country'], [5, 'country'], [6, 'updated_at']]);
    expect(bad[0]!.reason).toContain('expected a date as YYYY-MM-DD, got "1971-02-30"');
    expect(bad[1]!.reason).toContain('expected an ISO-3166 alpha-2 country code such as "DE", got "XX"');
    expect(bad[2]!.reason).toContain('got "gb"');
    expect(bad[3]!.reason).toContain('missing required field');
  });

  it("links a contact to the same customer as their order through the email, and counts it in customer_360", async () => {
    await loadContacts();
    await insertRows(t.warehouse, ordersChannel, [
      { order_id: 'o1', line_no: 1, customer_ref: 'A1', email: 'rob.allen@example.com', status: 'completed', currency: 'EUR', quantity: 1, amount: 30, ordered_at: '2026-06-01T10:00:00Z' },
      { order_id: 'o2', line_no: 1, customer_ref: 'A2', phone: '+49 151 2345678', status: 'completed', currency: 'EUR', quantity: 1, amount: 20, ordered_at: '2026-06-02T10:00:00Z' },
    ]);
    const config = IdentityConfig.parse({ defaultCountry: 'DE' });
    await buildIdentities(t.warehouse, { config, channels, runId: 'run-1', now: new Date('2026-07-01T06:00:00Z') });
    await buildCustomer360(t.warehouse, { asOf: '2026-07-01', channels });
    const owners = await t.warehouse.all<{ channel: string; record_id: string; customer_id: string }>(
      'SELECT channel, record_id, customer_id FROM customer_records ORDER BY channel, record_id');
    const of = (channel: string, record: string) => owners.find((o) => o.channel === channel && o.record_id === record)?.customer_id;
    expect(of('contacts', 'k1')).toBeDefined();
    expect(of('contacts', 'k1')).toBe(of('orders', 'o1'));   // the email, written in another case
    expect(of('contacts', 'k2')).toBe(of('orders', 'o2'));   // the phone, national format vs E.164
    expect(of('orders', 'o1')).not.toBe(of('orders', 'o2'));
    // A CRM edit is not an interaction: the order stays the preferred channel, 30 days before the as-of date.
    expect(await t.warehouse.all(`SELECT accounts, contact_records, orders, preferred_channel, days_since_last_interaction AS days
      FROM customer_360 ORDER BY accounts[1]`)).toEqual([
      { accounts: ['A1'], contact_records: 1, orders: 1, preferred_channel: 'orders', days: 30 },
      { accounts: ['A2'], contact_records: 1, orders: 1, preferred_channel: 'orders', days: 29 },
    ]);
  });
});
