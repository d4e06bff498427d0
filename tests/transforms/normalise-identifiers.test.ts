// Emails are normalised in SQL (emailFormsSql) for ASCII text and in JS (normaliseEmail) otherwise: the two must agree.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdentityConfig } from '../../transforms/identity-config.js';
import { emailFormsSql, normaliseEmail } from '../../transforms/normalise-identifiers.js';
import { generateSample } from '../../sources/sample/index.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const providers = IdentityConfig.parse({
  emailProviders: [
    { domains: ['gmail.com', 'googlemail.com'], canonicalDomain: 'gmail.com', dropDots: true, dropPlusTag: true },
    { domains: ['example.org'], dropPlusTag: true },
    { domains: ['example.org'], dropDots: true },                         // shadowed: the first rule naming a domain wins
    { domains: ["o'hara.ie"], dropDots: true },
  ],
}).emailProviders;

/** What the SQL twin makes of `raws` (email rows only; the ones it leaves to JS are absent). */
async function viaSql(raws: readonly string[]): Promise<Map<string, { value: string; valid: boolean }>> {
  await t.warehouse.run('CREATE OR REPLACE TABLE raws (kind VARCHAR, raw VARCHAR)');
  await t.warehouse.appendRows('raws', [...raws.map((r) => ['email', r] as const), ['phone', '0151 2345678']]);
  const rows = await t.warehouse.all<{ kind: string; raw: string; value: string; valid: boolean }>(emailFormsSql('SELECT * FROM raws', providers));
  expect(rows.every((r) => r.kind === 'email')).toBe(true);
  return new Map(rows.map((r) => [r.raw, { value: r.value, valid: r.valid }]));
}

describe('emailFormsSql', () => {
  it('normalises as worked out by hand: trim, lower case, provider rules, invalid shapes kept as typed', async () => {
    const got = await viaSql([' Jane.Doe+news@GoogleMail.com ', '\tBob@X.COM\n', 'a.b+c@Example.ORG', 'a@b@c.com', '@x.com', 'x@',
      '+tag@gmail.com', 'ann smith@x.com', 'no-at-sign', "Sean.O+1@O'Hara.ie", 'jürgen@example.de', 'ann@x.com\u00a0']);
    expect(Object.fromEntries(got)).toEqual({
      ' Jane.Doe+news@GoogleMail.com ': { value: 'janedoe@gmail.com', valid: true },
      '\tBob@X.COM\n': { value: 'bob@x.com', valid: true },
      'a.b+c@Example.ORG': { value: 'a.b@example.org', valid: true },       // the first example.org rule: +tag only
      'a@b@c.com': { value: 'a@b@c.com', valid: false },
      '@x.com': { value: '@x.com', valid: false },
      'x@': { value: 'x@', valid: false },
      '+tag@gmail.com': { value: '+tag@gmail.com', valid: false },          // nothing left of the mailbox
      'ann smith@x.com': { value: 'ann smith@x.com', valid: false },
      'no-at-sign': { value: 'no-at-sign', valid: false },
      "Sean.O+1@O'Hara.ie": { value: "seano+1@o'hara.ie", valid: true },
      // 'jürgen@example.de' and the one ending in a no-break space are not ASCII: normaliseEmail's, not SQL's
    });
  });

  it('agrees with normaliseEmail on every email of the sample and on edge cases', async () => {
    // The generated sample writes addresses as people type them (case, dots, +tags, spaces) in each channel.
    await generateSample({ customers: 300, seed: 7, outDir: path.join(t.dir, 'sample') });
    const emails = async (file: string) => Papa.parse<Record<string, string>>(await readFile(path.join(t.dir, 'sample', file), 'utf8'), { header: true })
      .data.map((r) => r.email).filter((e): e is string => e !== undefined && e !== '');
    const sample = [...new Set([...await emails('email_events.csv'), ...await emails('orders.csv'), ...await emails('contacts.csv')])];
    const edge = ['', ' ', 'A@B', 'a..b@gmail.com', 'a+b+c@googlemail.com', '.@gmail.com', 'x@gmail.com.', 'UPPER@GMAIL.COM', 'tab\tin@x.com',
      ' \u000b lead@x.com', 'q"uote@x.com', 'back\\slash@x.com', 'percent%@x.com'];
    const raws = [...sample, ...edge];
    expect(sample.length).toBeGreaterThan(100);
    const got = await viaSql(raws);
    expect(got.size).toBe(raws.length);                                    // all ASCII: SQL decides every one
    for (const raw of raws) expect({ raw, ...got.get(raw) }).toEqual({ raw, ...normaliseEmail(raw, providers) });
  });
});
