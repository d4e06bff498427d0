import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { IdentityConfig } from '../../transforms/identity-config.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const { 'rapport.config.mjs': config } = await t.files({ 'rapport.config.mjs': "export default { sources: {}, identity: { defaultCountry: 'DE' } };\n" });
  const code = await main([...args, '--config', config!], {
    out: (l) => out.push(l), err: (l) => err.push(l), env: { RAPPORT_WAREHOUSE: t.warehouse.path }, cwd: t.dir,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const line = (order_id: string, extra: Record<string, string | number>) => ({
  order_id, line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 25, ...extra,
});

describe('rapport customer', () => {
  it('finds a customer by email, phone, handle or id and shows identities with evidence and recent interactions', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      line('o1', { customer_ref: 'A1', email: 'Jane.Doe@gmail.com', phone: '0151 2345678', ordered_at: '2026-01-10T10:00:00Z' }),
      line('o2', { customer_ref: 'B1', email: 'bob@example.com', ordered_at: '2026-01-11T10:00:00Z' }),
    ]);
    await insertRows(t.warehouse, emailChannel, [{ event_id: 'e1', event_type: 'open', email: 'janedoe@gmail.com', occurred_at: '2026-01-12T08:00:00Z' }]);
    await insertRows(t.warehouse, socialChannel, [
      { interaction_id: 's1', platform: 'instagram', handle: '@JaneD', kind: 'comment', profile_phone: '+49 151 2345678', occurred_at: '2026-01-13T09:00:00Z' },
    ]);
    await buildIdentities(t.warehouse, { config: IdentityConfig.parse({ defaultCountry: 'DE' }) });
    await buildCustomer360(t.warehouse, { asOf: '2026-02-01' });
    const [{ customer_id: id } = { customer_id: '' }] = await t.warehouse.all<{ customer_id: string }>(`SELECT customer_id FROM identities WHERE identity = 'account:A1'`);
    t.warehouse.close(); // the command opens the file itself
    const byEmail = await cli(['customer', ' JANE.DOE+x@googlemail.com']);
    expect(byEmail.err).toBe('');
    expect(byEmail.code).toBe(0);
    expect(byEmail.out).toContain(`customer ${id}`);
    expect(byEmail.out).toMatch(/primary_email\s+janedoe@gmail\.com/);
    expect(byEmail.out).toMatch(/handle:instagram:janed {2}linked {2}1 records {2}\[social 1\] {2}linked by phone:\+491512345678 on social:instagram:s1/);
    expect(byEmail.out).toMatch(/2026-01-13 09:00:00 {2}social {2}instagram:s1 {2}comment as @@JaneD[\s\S]*2026-01-12 08:00:00 {2}email {3}e1 {2}open[\s\S]*2026-01-10 10:00:00 {2}order {3}o1 {2}completed 25/);
    expect(byEmail.out).not.toContain('bob@example.com');
    for (const q of ['0151/2345678', '@janed', 'instagram:JaneD', 'A1', id]) {
      const r = await cli(['customer', q, '--json']);
      expect(r.code, q).toBe(0);
      expect(JSON.parse(r.out).customerId, q).toBe(id);
    }
    const missing = await cli(['customer', 'nobody@example.com']);
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/no customer has the identifier "nobody@example.com"/) });
  });
});
