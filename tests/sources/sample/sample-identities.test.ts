// Checks the identity puzzle of a sample: a documented linking rule scores >= 0.98, and the traps it must avoid are present.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../../sources/sample/index.js';

const PLACEHOLDERS = new Set(['email:test@example.com', 'email:support@tidewater.example', 'phone:+10000000000']);

/** Email rule from generateSample's TSDoc: trim, lower-case; for Gmail drop dots and +tag. */
function emailKey(raw: string): string {
  const email = raw.trim().toLowerCase();
  const [local = '', domain = ''] = email.split('@');
  if (domain !== 'gmail.com' && domain !== 'googlemail.com') return `email:${email}`;
  return `email:${(local.split('+')[0] ?? '').replaceAll('.', '')}@gmail.com`;
}

/** Phone rule from generateSample's TSDoc. Returns null for shapes the rule does not cover. */
function phoneKey(raw: string): string | null {
  const text = raw.trim();
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return `phone:+${digits}`;
  if (digits.startsWith('00')) return `phone:+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `phone:+49${digits.slice(1)}`;
  if (digits.length === 11 && digits.startsWith('1')) return `phone:+${digits}`;
  if (digits.length === 10) return `phone:+1${digits}`;
  return null;
}

/** One well-formed record with the identifiers it carries and its true person. */
interface IdentityRecord {
  readonly key: string;
  readonly person: string;
  readonly source: string;
  readonly ids: Set<string>;
}

let dir: string;
let records: IdentityRecord[];
let personCount: number;
/** Phones (as written) that the documented rule cannot normalise. */
const unnormalisedPhones: string[] = [];

function phoneId(raw: string | null | undefined): string | null {
  if (raw == null || raw === '') return null;
  const key = phoneKey(raw);
  if (key === null) unnormalisedPhones.push(raw);
  return key;
}

/** Reads the three files, keeping only records listed in ground truth (i.e. well-formed ones). */
async function loadRecords(outDir: string): Promise<IdentityRecord[]> {
  const read = (name: string) => readFile(join(outDir, name), 'utf8');
  const csv = (text: string) => Papa.parse<string[]>(text, { delimiter: ',', newline: '\n', skipEmptyLines: true }).data.slice(1);
  const truth = new Map(csv(await read('ground_truth.csv')).map(([source, id, person]) => [`${source}:${id}`, person as string]));
  const byKey = new Map<string, IdentityRecord>();
  const add = (source: string, id: string, identifiers: ReadonlyArray<string | null>) => {
    const key = `${source}:${id}`;
    const person = truth.get(key);
    if (person === undefined) return;
    let record = byKey.get(key);
    if (record === undefined) byKey.set(key, (record = { key, person, source, ids: new Set() }));
    for (const identifier of identifiers) if (identifier !== null) record.ids.add(identifier);
  };
  for (const f of csv(await read('email_events.csv'))) if (f.length === 6) add('email', f[0] ?? '', [emailKey(f[2] ?? '')]);
  for (const f of csv(await read('orders.csv'))) {
    if (f.length !== 12) continue;
    const [id = '', , account = '', email = '', phone = ''] = f;
    add('orders', id, [email.trim() === '' ? null : emailKey(email), phoneId(phone), account === '' ? null : `account:${account}`]);
  }
  for (const line of (await read('social_interactions.ndjson')).split('\n')) {
    let o: Record<string, string | null>;
    try {
      o = JSON.parse(line) as Record<string, string | null>;
    } catch {
      continue;
    }
    const handle = `handle:${o.platform}:${(o.handle ?? '').trim().replace(/^@/, '').toLowerCase()}`;
    add('social', o.interaction_id ?? '', [handle, o.profile_email == null ? null : emailKey(o.profile_email), phoneId(o.profile_phone)]);
  }
  return [...byKey.values()];
}

/** Union-find clustering on shared identifiers; returns pairwise precision and recall against ground truth. */
function score(all: readonly IdentityRecord[], ignore: ReadonlySet<string>): { precision: number; recall: number; fragmentedPersons: number } {
  const parent = all.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const owner = new Map<string, number>();
  all.forEach((record, i) => {
    for (const id of record.ids) {
      if (ignore.has(id)) continue;
      const j = owner.get(id);
      if (j === undefined) owner.set(id, i);
      else parent[find(i)] = find(j);
    }
  });
  const pairs = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const tally = (key: (r: IdentityRecord, i: number) => string) => {
    const counts = new Map<string, number>();
    all.forEach((r, i) => counts.set(key(r, i), (counts.get(key(r, i)) ?? 0) + 1));
    return counts;
  };
  const both = tally((r, i) => `${find(i)}|${r.person}`);
  const truePairs = pairs(both);
  const clustersPerPerson = new Map<string, Set<number>>();
  all.forEach((r, i) => clustersPerPerson.set(r.person, (clustersPerPerson.get(r.person) ?? new Set()).add(find(i))));
  return {
    precision: truePairs / pairs(tally((_, i) => String(find(i)))),
    recall: truePairs / pairs(tally((r) => r.person)),
    fragmentedPersons: [...clustersPerPerson.values()].filter((clusters) => clusters.size > 1).length,
  };
}

/** Identifier -> persons whose records carry it. */
function personsById(all: readonly IdentityRecord[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const r of all) for (const id of r.ids) map.set(id, (map.get(id) ?? new Set()).add(r.person));
  return map;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-sample-ids-'));
  await generateSample({ customers: 2000, seed: 11, outDir: dir });
  records = await loadRecords(dir);
  personCount = new Set(records.map((r) => r.person)).size;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sample identities', () => {
  it('reach pairwise precision and recall of at least 0.98 with the documented linking rule', () => {
    const { precision, recall } = score(records, PLACEHOLDERS);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.98);
  });

  it('leave a few persons, but only a few, split into unlinkable fragments', () => {
    const { fragmentedPersons } = score(records, PLACEHOLDERS);
    expect(fragmentedPersons).toBeGreaterThan(0);
    expect(fragmentedPersons / personCount).toBeLessThan(0.05);
  });

  it('put each placeholder contact on orders of several different persons, so linking on them over-merges', () => {
    const owners = personsById(records);
    for (const placeholder of PLACEHOLDERS) expect(owners.get(placeholder)?.size ?? 0, placeholder).toBeGreaterThan(1);
    expect(score(records, new Set()).precision).toBeLessThan(score(records, PLACEHOLDERS).precision);
  });

  it('never share a real email, phone, account or handle between two persons', () => {
    const shared = [...personsById(records)].filter(([id, persons]) => persons.size > 1 && !PLACEHOLDERS.has(id)).map(([id]) => id);
    expect(shared).toEqual([]);
  });

  it('write every phone in a shape the documented rule normalises', () => {
    expect(unnormalisedPhones).toEqual([]);
    const phonesPerPerson = new Map<string, Set<string>>();
    for (const r of records) for (const id of r.ids) if (id.startsWith('phone:') && !PLACEHOLDERS.has(id)) phonesPerPerson.set(r.person, (phonesPerPerson.get(r.person) ?? new Set()).add(id));
    expect(phonesPerPerson.size).toBeGreaterThan(100);
    expect([...phonesPerPerson.values()].filter((phones) => phones.size > 1)).toEqual([]);
  });

  it('give some persons two different email addresses', () => {
    const emails = new Map<string, Set<string>>();
    for (const r of records) for (const id of r.ids) if (id.startsWith('email:') && !PLACEHOLDERS.has(id)) emails.set(r.person, (emails.get(r.person) ?? new Set()).add(id));
    expect([...emails.values()].filter((set) => set.size > 1).length).toBeGreaterThan(20);
  });

  it('spell the same address differently: padded, capitalised and Gmail variants', async () => {
    const text = (await readFile(join(dir, 'orders.csv'), 'utf8')) + (await readFile(join(dir, 'email_events.csv'), 'utf8'));
    expect(text).toMatch(/, [^,\s]+@[^,]+,/);
    expect(text).toMatch(/,[A-Z][a-z]*[^,]*@[^,]+,/);
    expect(text).toMatch(/,[a-z0-9._]+\+[a-z]+@gmail\.com,/);
  });

  it('link some social handles to their person only through a phone on that person orders', () => {
    const orderPhones = new Map<string, string>();
    for (const r of records) if (r.source === 'orders') for (const id of r.ids) if (id.startsWith('phone:') && !PLACEHOLDERS.has(id)) orderPhones.set(id, r.person);
    const handles = new Map<string, { person: string; ids: Set<string> }>();
    for (const r of records.filter((x) => x.source === 'social')) {
      const handle = [...r.ids].find((id) => id.startsWith('handle:')) as string;
      const entry = handles.get(handle) ?? { person: r.person, ids: new Set<string>() };
      for (const id of r.ids) entry.ids.add(id);
      handles.set(handle, entry);
    }
    const phoneOnly = [...handles.values()].filter(({ person, ids }) => {
      const list = [...ids];
      return !list.some((id) => id.startsWith('email:')) && list.some((id) => id.startsWith('phone:') && orderPhones.get(id) === person);
    });
    expect(phoneOnly.length).toBeGreaterThan(10);
  });
});
