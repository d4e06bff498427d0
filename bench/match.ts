// Times probabilistic matching of N synthetic contacts (`tsx bench/match.ts --contacts 1000000`): blocking alone (the baseline), estimate and scoring, then an incremental build with 1% new contacts.
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contactsChannel } from '../sources/contracts/index.js';
import { createTableSql } from '../sources/contracts/contract-sql.js';
import { buildMatchCandidates } from '../transforms/match-candidates.js';
import { soundexMacro } from '../transforms/match-comparisons.js';
import { MatchConfig } from '../transforms/match-config.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';

const { values } = parseArgs({ options: { contacts: { type: 'string', default: '100000' }, out: { type: 'string', default: 'bench/out' } } });
const n = Number(values.contacts);
// At a million contacts a date of birth alone (about 55 people a day over 50 years) would compare ~27M pairs: the
// rules pair it with the surname sound, as one would configure at that size.
const config = MatchConfig.parse({ blocking: [['postcode'], ['date_of_birth', 'surname_sound'], ['surname_sound', 'first_name']] });

const syllables = ['ka', 'lo', 'mi', 'ra', 'ten', 'vor', 'bel', 'du', 'si', 'an', 'er', 'ol', 'u', 'ha', 'ne', 'li', 'to', 'sa', 'mar', 'ber'];
const list = `[${syllables.map((s) => `'${s}'`).join(', ')}]`;
const pick = (seed: string, k: number): string => `${list}[1 + (hash(${seed}) % 20)::INTEGER]${k > 1 ? ` || ${pick(`${seed}, ${k}`, k - 1)}` : ''}`;

/** Persons with 1-3 contact records each, with typos, gaps and moves: about `n` contacts, each with its person id. */
async function synthesise(wh: Warehouse, count: number, loadedAt: string, from: number): Promise<void> {
  const persons = Math.round(count / 1.4);
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE persons AS
    SELECT p, upper(left(f, 1)) || substr(f, 2) AS first_name,
           -- surnames skewed (a few common ones): index ~ 8000 * r^2
           upper(left(l, 1)) || substr(l, 2) AS last_name, DATE '1950-01-01' + (hash(p, 'dob') % 18250)::INTEGER AS dob,
           lpad(((hash(p, 'pc') % 900000) + 100000)::VARCHAR, 6, '0') AS postcode, 'Street ' || (hash(p, 'st') % 300) || ' ' || (hash(p, 'no') % 120) AS street,
           'City ' || (hash(p, 'city') % 60) AS city
    FROM (SELECT p, ${pick("p, 'f'", 2)} AS f, ${pick("(8000 * pow((hash(p, 'l') % 10000) / 10000.0, 2))::INTEGER", 3)} AS l
          FROM range(${from}, ${from + persons}) t(p));
    INSERT INTO contacts
    SELECT 'K' || p || '-' || k AS contact_id,
           CASE WHEN hash(p, k, 'tf') % 100 < 8 THEN left(first_name, 2) || 'x' || substr(first_name, 4) ELSE first_name END,
           CASE WHEN hash(p, k, 'tl') % 100 < 8 THEN left(last_name, 3) || substr(last_name, 5) ELSE last_name END,
           CASE WHEN hash(p, k, 'e') % 100 < 25 THEN NULL ELSE lower(first_name || '.' || last_name) || (p % 1000) || '@example.com' END,
           NULL, CASE WHEN hash(p, k, 'd') % 100 < 15 THEN NULL WHEN hash(p, k, 'd') % 100 < 19 THEN dob + 1 ELSE dob END,
           street, city, CASE WHEN hash(p, k, 'm') % 100 < 10 THEN lpad(((hash(p, k, 'pc2') % 900000) + 100000)::VARCHAR, 6, '0') ELSE postcode END,
           'DE', TIMESTAMP '2026-01-01', 'bench', 'bench', 1, 'bench', TIMESTAMP '${loadedAt}'
    FROM persons, range(3) r(k)
    WHERE k = 0 OR (k = 1 AND hash(p, 'k1') % 100 < 30) OR (k = 2 AND hash(p, 'k2') % 100 < 10);`);
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await f();
  return [result, (performance.now() - start) / 1000];
}

const dir = path.join(values.out!, `match-${n}`);
await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const wh = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
try {
  await wh.run(createTableSql(contactsChannel));
  await synthesise(wh, n, '2026-01-01 06:00:00', 0);
  const [{ contacts } = { contacts: 0 }] = await wh.all<{ contacts: number }>('SELECT count(*)::INTEGER AS contacts FROM contacts');
  // Baseline: the blocking joins alone, written by hand (what any matcher pays before comparing a field).
  await wh.run(soundexMacro);
  const [pairs, blockingSeconds] = await timed(async () => {
    await wh.run(`CREATE OR REPLACE TEMP TABLE b AS SELECT contact_id AS id, postcode, date_of_birth, rapport_soundex(last_name) AS s, lower(first_name) AS f FROM contacts`);
    return (await wh.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (
      SELECT x.id, y.id FROM b x JOIN b y ON x.id < y.id AND x.postcode = y.postcode
      UNION SELECT x.id, y.id FROM b x JOIN b y ON x.id < y.id AND x.date_of_birth = y.date_of_birth AND x.s = y.s
      UNION SELECT x.id, y.id FROM b x JOIN b y ON x.id < y.id AND x.s = y.s AND x.f = y.f)`))[0]!.n;
  });
  const [full, fullSeconds] = await timed(() => buildMatchCandidates(wh, config, { now: new Date('2026-01-01T07:00:00Z') }));
  await synthesise(wh, Math.round(n / 100), '2026-01-02 06:00:00', 10_000_000);
  const [delta, deltaSeconds] = await timed(() => buildMatchCandidates(wh, config, { since: '2026-01-01 06:00:00', until: '2026-01-02 06:00:00', now: new Date('2026-01-02T07:00:00Z') }));
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`| contacts | candidate pairs | blocking joins alone | estimate + score all | ratio | +1% new contacts, incremental | EM converged |`);
  console.log(`|---|---|---|---|---|---|---|`);
  console.log(`| ${contacts} | ${full.candidates} (${Number(pairs)} by hand) | ${blockingSeconds.toFixed(1)} s | ${fullSeconds.toFixed(1)} s | ${(fullSeconds / blockingSeconds).toFixed(1)}x | ${deltaSeconds.toFixed(1)} s (${delta.scored} pairs scored) | ${full.converged} |`);
  console.log(`\nrules: ${full.rules.map((r) => `${r.rule} ${r.pairs} pairs, ${r.iterations} iterations`).join('; ')}`);
  console.log(`machine: ${os.cpus().length} cores, load average ${load}; command: npx tsx bench/match.ts --contacts ${n}`);
} finally {
  wh.close();
}
