// `rapport identities` (estimate, review, accept/reject/undo, report) and the probabilistic links in `rapport customer`, on a generated sample's contacts.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { extractAndLoad } from '../../load/load.js';
import { contactsChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { generateSample } from '../../sources/sample/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { customerProfile } from '../../web/customer-profile.js';
import { profilePage } from '../../web/pages/customer.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let config: string;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--config', config], { out: (l) => out.push(l), err: (l) => err.push(l), env: { RAPPORT_WAREHOUSE: t.warehouse.path }, cwd: t.dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 400, seed: 7, outDir: path.join(t.dir, 'sample') });
  await writeFile(path.join(t.dir, 'allens.csv'), ['contact_id,first_name,last_name,email,phone,date_of_birth,street,city,postcode,country,updated_at',
    'K-ALLEN-1,Robert,Allen,robert.allen@example.org,,1971-06-24,Mill Lane 5,London,N1 1AA,GB,2026-06-01T10:00:00Z',
    'K-ALLEN-2,Rob,Alen,robert.alen@example.org,,1971-06-24,Mill Lane 5,London,N1 1AA,GB,2026-06-02T10:00:00Z'].join('\n') + '\n');
  for (const file of ['sample/contacts.csv', 'allens.csv'])
    await extractAndLoad(t.warehouse, fileSource('contacts', contactsChannel, FileSourceConfig.parse({ connector: 'file', channel: 'contacts', path: file }), t.dir), 'load');
  t.warehouse.close();
  ({ 'rapport.config.mjs': config } = await t.files({ 'rapport.config.mjs': "export default { sources: {}, identity: { defaultCountry: 'DE' }, match: {} };\n" }) as { 'rapport.config.mjs': string });
}, 300_000);
afterAll(async () => { await t?.dispose(); });

describe('rapport identities', () => {
  it('estimates, explains a probabilistic link in rapport customer, lists pairs for review, keeps decisions and reports', async () => {
    const estimated = await cli(['identities', 'estimate']);
    expect(estimated.err).toBe('');
    expect(estimated.code).toBe(0);
    expect(estimated.out).toMatch(/^estimated from \d+ contacts, \d+ candidate pairs: prior [\d.e-]+, EM converged/);

    // The daily pipeline would build customer_360 after the identities; the command needs it.
    const wh = await openWarehouse(t.warehouse.path);
    await buildCustomer360(wh, { asOf: '2026-11-01' });
    const [{ customer_id: id } = { customer_id: '' }] = await wh.all<{ customer_id: string }>("SELECT customer_id FROM identities WHERE identity = 'record:contacts:K-ALLEN-1'");
    wh.close();
    const shown = await cli(['customer', id]);
    expect(shown.err + shown.code).toBe('0');
    expect(shown.out).toContain('probabilistic links (contacts matched despite typos');
    const head = /K-ALLEN-1 ~ K-ALLEN-2 {2}weight (-?[\d.]+), probability ([\d.]+) {2}compared by (\S+)/.exec(shown.out);
    expect(head, shown.out).not.toBeNull();
    // The explanation is complete: the prior and the fields' weights add up to the pair's weight (each rounded to 0.1).
    const block = shown.out.slice(head!.index).split('\n').slice(1).filter((l) => /^ {4}\S/.test(l));
    const parts = block.map((l) => /^ {4}(\S+)\s+(-?[\d.]+)/.exec(l)!).map((m) => [m[1], Number(m[2])] as const);
    expect(parts.map(([f]) => f)).toEqual(['prior', 'first_name', 'last_name', 'date_of_birth', 'email', 'address']);
    expect(Math.abs(parts.reduce((s, [, w]) => s + w, 0) - Number(head![1]))).toBeLessThan(0.05 * parts.length);
    expect(block.join('\n')).toMatch(/date_of_birth +[\d.]+ {2}exact[\s\S]*email +[\d.]+ {2}levenshtein <= 2/);

    const review = await cli(['identities', 'review', '--limit', '3']);
    expect(review.code).toBe(0);
    const listed = [...review.out.matchAll(/^(\S+) ~ (\S+) {2}weight (-?[\d.]+)/gm)];
    expect(listed).toHaveLength(3);
    // Closest to the threshold's weight (log2(0.8 / 0.2) = 2) first.
    const distances = listed.map((m) => Math.abs(Number(m[3]) - 2));
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);

    const [a, b] = [listed[0]![1]!, listed[0]![2]!];
    expect((await cli(['identities', 'reject', a, b, '--by', 'ana', '--note', 'different people'])).out).toBe(`rejected ${a} ~ ${b}: the next identities build (rapport run daily) unlinks them`);
    const after = await cli(['identities', 'review', '--limit', '3']);
    expect(after.out).not.toContain(`${a} ~ ${b} `);
    const check = await openWarehouse(t.warehouse.path, { readOnly: true });
    expect(await check.all('SELECT record_a, record_b, decision, decided_by, note FROM match_decisions')).toEqual([
      { record_a: a < b ? a : b, record_b: a < b ? b : a, decision: 'reject', decided_by: 'ana', note: 'different people' },
    ]);
    check.close();
    expect((await cli(['identities', 'undo', b, a])).out).toBe(`forgot the decision on ${b} ~ ${a}`);

    const report = await cli(['identities', 'report']);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/^match estimate: \d+ contacts/);
    expect(report.out, report.out).toMatch(/EM: converged[\s\S]*blocking rules[\s\S]*date_of_birth[\s\S]*postcode[\s\S]*surname_sound[\s\S]*weight histogram[\s\S]*parameters/);
    const json = JSON.parse((await cli(['identities', 'report', '--json'])).out) as { links: number; histogram: { linked: number }[]; rules: { links: number }[] };
    expect(json.histogram.reduce((s, h) => s + h.linked, 0)).toBe(json.links);
    expect(json.rules.reduce((s, r) => s + Number(r.links), 0)).toBe(json.links);
  });

  it('shows the same explanation on the web profile (customerProfile, profilePage)', async () => {
    const wh = await openWarehouse(t.warehouse.path, { readOnly: true });
    try {
      const [{ customer_id: id } = { customer_id: '' }] = await wh.all<{ customer_id: string }>("SELECT customer_id FROM identities WHERE identity = 'record:contacts:K-ALLEN-1'");
      const profile = (await customerProfile(wh, id))!;
      const link = profile.probabilistic.find((m) => m.via === 'match:K-ALLEN-1|K-ALLEN-2')!;
      expect(link.fields.find((f) => f.field === 'date_of_birth')).toMatchObject({ level: 'exact' });
      expect(link.priorWeight! + link.fields.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(link.matchWeight!, 8);
      const page = profilePage('csrf', profile).toString();
      expect(page).toContain('<h3 id="probabilistic">Matched despite typos</h3>');
      expect(page).toMatch(/K-ALLEN-1 ~ K-ALLEN-2<\/td><td class="n">[\d.]+<\/td><td class="n">[\d.]+<\/td><td>first_name: jaro-winkler &gt;= 0.8 \(\+[\d.]+\), last_name: jaro-winkler &gt;= 0.92 \(\+[\d.]+\), date_of_birth: exact \(\+[\d.]+\)/);
    } finally {
      wh.close();
    }
  });

  it('refuses a decision without two contact ids, and one on an unknown contact naming it', async () => {
    expect((await cli(['identities', 'accept', 'K-ALLEN-1'])).err).toContain('identities accept: expected two contact ids');
    const unknown = await cli(['identities', 'accept', 'K-ALLEN-1', 'NOPE']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('no contact with contact_id "NOPE"');
  });
});
