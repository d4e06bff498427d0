// Scores probabilistic matching on the default sample (2,000 customers, seed 42) against contacts_ground_truth.csv, for contacts that share no exact identifier.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../load/load.js';
import { contactsChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { generateSample } from '../../sources/sample/index.js';
import { buildMatchCandidates, type MatchResult } from '../../transforms/match-candidates.js';
import { MatchConfig } from '../../transforms/match-config.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let result: MatchResult;
const config = MatchConfig.parse({});

beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 2000, seed: 42, outDir: path.join(t.dir, 'sample') });
  const source = fileSource('contacts', contactsChannel, FileSourceConfig.parse({ connector: 'file', channel: 'contacts', path: 'sample/contacts.csv' }), t.dir);
  await extractAndLoad(t.warehouse, source, 'run-1');
  result = await buildMatchCandidates(t.warehouse, config);
}, 300_000);
afterAll(async () => { await t?.dispose(); });

/** The sample's CSV files have no quoted values (the generator writes no comma, quote or newline in one). */
async function readCsv(file: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(path.join(t.dir, 'sample', file), 'utf8')).trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
}

describe('probabilistic matching on the sample', () => {
  it('links pairs of one person that share no exact identifier with precision >= 0.98 and recall >= 0.95, and converges', async () => {
    // Truth from the files alone: pairs of contacts of one person whose emails (case-blind) and phones (digits) differ or are missing.
    const person = new Map((await readCsv('contacts_ground_truth.csv')).map((r) => [r.contact_id!, r.person_id!]));
    const contacts = await readCsv('contacts.csv');
    const email = (r: Record<string, string>) => r.email!.trim().toLowerCase() || null;
    const phone = (r: Record<string, string>) => r.phone!.replace(/[^0-9]/g, '') || null;
    const sharesIdentifier = (a: Record<string, string>, b: Record<string, string>) =>
      (email(a) !== null && email(a) === email(b)) || (phone(a) !== null && phone(a) === phone(b));
    const byId = new Map(contacts.map((c) => [c.contact_id!, c]));
    const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
    const truth = new Set<string>();
    for (const [i, a] of contacts.entries())
      for (const b of contacts.slice(i + 1))
        if (person.get(a.contact_id!) === person.get(b.contact_id!) && !sharesIdentifier(a, b)) truth.add(key(a.contact_id!, b.contact_id!));

    const linked = (await t.warehouse.all<{ record_a: string; record_b: string }>(
      `SELECT record_a, record_b FROM match_candidates WHERE match_probability >= ${config.threshold}`))
      .filter((p) => !sharesIdentifier(byId.get(p.record_a)!, byId.get(p.record_b)!)).map((p) => key(p.record_a, p.record_b));
    const right = linked.filter((p) => truth.has(p)).length;
    const precision = right / linked.length;
    const recall = right / truth.size;
    expect(truth.size).toBeGreaterThan(200);
    expect(precision, `precision ${precision} (${right} of ${linked.length})`).toBeGreaterThanOrEqual(0.98);
    expect(recall, `recall ${recall} (${right} of ${truth.size})`).toBeGreaterThanOrEqual(0.95);
    expect(result.converged).toBe(true);
  });

  it('estimates the prior close to the true share of pairs that are one person', async () => {
    const person = [...new Map((await readCsv('contacts_ground_truth.csv')).map((r) => [r.contact_id!, r.person_id!])).values()];
    const sizes = new Map<string, number>();
    for (const p of person) sizes.set(p, (sizes.get(p) ?? 0) + 1);
    const samePerson = [...sizes.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
    const share = samePerson / ((person.length * (person.length - 1)) / 2);
    expect(result.prior / share).toBeGreaterThan(0.8);
    expect(result.prior / share).toBeLessThan(1.25);
  });
});
