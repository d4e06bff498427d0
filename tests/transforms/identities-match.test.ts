// Probabilistic links in the identity graph: contacts that share no identifier become one customer, review decisions are honoured, and an incremental build equals a full one.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../load/load.js';
import { contactsChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { generateSample } from '../../sources/sample/index.js';
import { buildIdentities } from '../../transforms/identities.js';
import { IdentityConfig } from '../../transforms/identity-config.js';
import { MatchConfig } from '../../transforms/match-config.js';
import { decideMatch, undecideMatch } from '../../transforms/match-decisions.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { compareWarehouses } from '../helpers/compare-tables.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const identity = IdentityConfig.parse({ defaultCountry: 'DE', fallbackCountries: ['US'] });
const match = MatchConfig.parse({});
// "Robert Allen" three times: a typo in the email and a nickname, then no email or phone at all. No identifier is shared.
const allens = [
  'K-ALLEN-1,Robert,Allen,robert.allen@example.org,,1971-06-24,Mill Lane 5,London,N1 1AA,GB,2026-06-01T10:00:00Z',
  'K-ALLEN-2,Rob,Alen,robert.alen@example.org,+44 20 7946 0018,1971-06-24,Mill Lane 5,London,N1 1AA,GB,2026-06-02T10:00:00Z',
  'K-ALLEN-3,Robert,Allen,,,1971-06-24,Mill Lane 5,London,N1 1AA,GB,2026-06-03T10:00:00Z',
];

/** A 400-customer sample's contacts split in two files (the second with the Allens), for two loads. */
async function sampleContacts(dir: string): Promise<[string, string]> {
  const summary = await generateSample({ customers: 400, seed: 7, outDir: path.join(dir, 'sample') });
  const [header, ...lines] = (await readFile(path.join(summary.outDir, 'contacts.csv'), 'utf8')).trim().split('\n');
  const cut = Math.floor(lines.length * 0.7);
  const files: [string, string] = [path.join(dir, 'contacts-1.csv'), path.join(dir, 'contacts-2.csv')];
  await writeFile(files[0], [header, ...lines.slice(0, cut)].join('\n') + '\n');
  await writeFile(files[1], [header, ...lines.slice(cut), ...allens].join('\n') + '\n');
  return files;
}

const load = (wh: Warehouse, file: string, dir: string, run: string) => extractAndLoad(wh,
  fileSource('contacts', contactsChannel, FileSourceConfig.parse({ connector: 'file', channel: 'contacts', path: file }), dir), run);
const customerOf = async (wh: Warehouse, id: string) =>
  (await wh.all<{ customer_id: string }>(`SELECT customer_id FROM customer_records WHERE channel = 'contacts' AND record_id = '${id}'`))[0]?.customer_id;

describe('probabilistic links in the identity graph', () => {
  it('makes one customer of contacts that share no identifier, as probabilistic links with their weight, and honours review decisions', async () => {
    const [one, two] = await sampleContacts(t.dir);
    await load(t.warehouse, one, t.dir, 'run-1');
    await load(t.warehouse, two, t.dir, 'run-2');
    const first = await buildIdentities(t.warehouse, { config: identity, match, runId: 'run-1', now: new Date('2026-07-01T00:00:00Z') });
    expect(first.match).toMatchObject({ estimated: true, converged: true });
    const ids = await Promise.all(['K-ALLEN-1', 'K-ALLEN-2', 'K-ALLEN-3'].map((id) => customerOf(t.warehouse, id)));
    expect(ids[0]).toMatch(/^cus_/);
    expect(new Set(ids).size).toBe(1);
    const links = await t.warehouse.all<{ via: string; kind: string; match_weight: number; match_probability: number }>(
      "SELECT via, kind, match_weight, match_probability FROM match_links WHERE record_a LIKE 'K-ALLEN%' ORDER BY via");
    expect(links.map((l) => [l.via, l.kind])).toEqual([
      ['match:K-ALLEN-1|K-ALLEN-2', 'probabilistic'], ['match:K-ALLEN-1|K-ALLEN-3', 'probabilistic'], ['match:K-ALLEN-2|K-ALLEN-3', 'probabilistic'],
    ]);
    for (const l of links) expect(l.match_probability).toBeGreaterThanOrEqual(match.threshold);
    // Every contact has a customer, the one with neither email nor phone too.
    const [counts] = await t.warehouse.all<{ contacts: number; mapped: number }>(`SELECT (SELECT count(*) FROM contacts)::INTEGER AS contacts,
      (SELECT count(DISTINCT record_id) FROM customer_records WHERE channel = 'contacts')::INTEGER AS mapped`);
    expect(counts!.mapped).toBe(counts!.contacts);

    // Rejecting every Allen pair splits them into three customers; the earlier id stays with one of them.
    for (const [a, b] of [['K-ALLEN-2', 'K-ALLEN-1'], ['K-ALLEN-1', 'K-ALLEN-3'], ['K-ALLEN-2', 'K-ALLEN-3']] as const)
      await decideMatch(t.warehouse, { a, b, decision: 'reject', decidedAt: new Date('2026-07-01T12:00:00Z'), decidedBy: 'test' });
    const second = await buildIdentities(t.warehouse, { config: identity, match, runId: 'run-2', now: new Date('2026-07-02T00:00:00Z') });
    expect(second).toMatchObject({ full: false, match: { estimated: false, scored: 0 } });
    expect(second.splits).toBe(2);
    const split = await Promise.all(['K-ALLEN-1', 'K-ALLEN-2', 'K-ALLEN-3'].map((id) => customerOf(t.warehouse, id)));
    expect(new Set(split).size).toBe(3);
    expect(split).toContain(ids[0]);
    expect(await t.warehouse.all("SELECT count(*)::INTEGER AS n FROM match_links WHERE record_a LIKE 'K-ALLEN%'")).toEqual([{ n: 0 }]);

    // A later run keeps them apart; accepting one pair (and forgetting another decision) joins them again under the old id.
    await buildIdentities(t.warehouse, { config: identity, match, runId: 'run-3', now: new Date('2026-07-03T00:00:00Z') });
    expect(new Set(await Promise.all(['K-ALLEN-1', 'K-ALLEN-2', 'K-ALLEN-3'].map((id) => customerOf(t.warehouse, id)))).size).toBe(3);
    await decideMatch(t.warehouse, { a: 'K-ALLEN-1', b: 'K-ALLEN-2', decision: 'accept', decidedAt: new Date('2026-07-03T12:00:00Z') });
    expect(await undecideMatch(t.warehouse, 'K-ALLEN-3', 'K-ALLEN-1')).toBe(true);
    const fourth = await buildIdentities(t.warehouse, { config: identity, match, runId: 'run-4', now: new Date('2026-07-04T00:00:00Z') });
    expect(fourth.merges).toBe(2);
    const joined = await Promise.all(['K-ALLEN-1', 'K-ALLEN-2', 'K-ALLEN-3'].map((id) => customerOf(t.warehouse, id)));
    expect(joined).toEqual([ids[0], ids[0], ids[0]]);
    expect(await t.warehouse.all("SELECT via, decision FROM match_links WHERE record_a LIKE 'K-ALLEN%' ORDER BY via")).toEqual([
      { via: 'match:K-ALLEN-1|K-ALLEN-2', decision: 'accept' }, { via: 'match:K-ALLEN-1|K-ALLEN-3', decision: null },
    ]);
  });

  it('refuses a decision on a contact that does not exist, naming it', async () => {
    await t.warehouse.run(`CREATE TABLE IF NOT EXISTS contacts (contact_id VARCHAR)`);
    await expect(decideMatch(t.warehouse, { a: 'K1', b: 'K2', decision: 'accept', decidedAt: new Date() })).rejects.toThrow('no contact with contact_id "K1"');
  });

  it('scores only new contacts in an incremental build and leaves the same tables as a full build', async () => {
    const other = await tempWarehouse();
    try {
      const [one, two] = await sampleContacts(t.dir);
      const results = [];
      for (const [x, fullSecond] of [[t, false], [other, true]] as const) {
        await load(x.warehouse, one, t.dir, 'run-1');
        await buildIdentities(x.warehouse, { config: identity, match, runId: 'run-1', now: new Date('2026-07-01T00:00:00Z') });
        await load(x.warehouse, two, t.dir, 'run-2');
        results.push(await buildIdentities(x.warehouse, { config: identity, match, runId: 'run-2', now: new Date('2026-07-02T00:00:00Z'), full: fullSecond }));
      }
      const [inc, full] = results;
      expect(inc).toMatchObject({ full: false, match: { estimated: false } });
      expect(full).toMatchObject({ full: true, match: { estimated: false } });
      expect(inc!.match!.scored).toBeLessThan(full!.match!.scored);
      expect(inc!.match!.candidates).toBe(full!.match!.candidates);
      t.warehouse.close();
      other.warehouse.close();
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      const diffs = await compareWarehouses(c, `${t.dir}/warehouse.duckdb`, `${other.dir}/warehouse.duckdb`, {
        identities: [], customer_ids: ['assigned_at', 'run_id'], identity_merges: ['merged_at', 'run_id'], identity_merge_refusals: ['run_id'],
        identity_values: [], identity_raw_stats: [], identity_links: [], customer_records: [], match_candidates: [], match_links: [],
      });
      c.closeSync();
      db.closeSync();
      expect(diffs).toEqual([]);
    } finally {
      for (const x of [t, other]) Object.assign(x, { warehouse: { close() {} } });
      await other.dispose();
    }
  });
});
