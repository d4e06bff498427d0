// Fellegi-Sunter matching against a second, naive implementation (pair by pair in JS): u from all pairs, m by EM per blocking rule without its own fields, the prior, the corrected u, weights.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactsChannel } from '../../sources/contracts/index.js';
import { matchCandidates, matchEstimate, matchParameters, matchRules } from '../../transforms/contracts/match.js';
import { buildMatchCandidates } from '../../transforms/match-candidates.js';
import { MatchConfig } from '../../transforms/match-config.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const contact = (contact_id: string, last_name: string, date_of_birth: string, postcode: string, city?: string) =>
  ({ contact_id, last_name, date_of_birth, postcode, city, updated_at: '2026-05-01T09:00:00Z' });

// k1, k2 agree on everything; k3 shares their postcode; k4 shares k3's surname and k6's birthday; k5 is k1 with a
// birthday one digit off in another postcode. Surnames Smith (Soundex S530), Jones (J520), Brown (B650).
const rows = [
  contact('k1', 'Smith', '1970-01-01', 'A1'), contact('k2', 'Smith', '1970-01-01', 'A1'),
  contact('k3', 'Jones', '1980-05-05', 'A1'), contact('k4', 'Jones', '1990-09-09', 'B2'),
  contact('k5', 'Smith', '1970-01-02', 'C3'), contact('k6', 'Brown', '1990-09-09', 'D4'),
];

// ---- The naive second implementation, for these rows' fields only (names never Jaro-Winkler close, no street or city).
type Row = (typeof rows)[number];
type Field = 'last_name' | 'date_of_birth' | 'address';
const fields: Field[] = ['last_name', 'date_of_birth', 'address'];
// Levels as match-comparisons.ts numbers them: name exact 0 .. else 4; birth exact 0, typo 1, else 2; address 'same postcode' 1, else 4.
const levelCount: Record<Field, number> = { last_name: 4, date_of_birth: 2, address: 4 };
const startM = (f: Field, level: number) => {
  const n = levelCount[f];
  return level === n ? 0.1 : n === 1 ? 0.9 : level === 0 ? 0.7 : 0.2 / (n - 1);
};
const oneDigitOff = (a: string, b: string) => [...a].filter((c, i) => c !== b[i]).length <= 1;
const levelOf = (f: Field, a: Row, b: Row): number => {
  if (f === 'last_name') return a.last_name === b.last_name ? 0 : 4;
  if (f === 'address') return a.postcode === b.postcode ? 1 : 4;
  return a.date_of_birth === b.date_of_birth ? 0 : oneDigitOff(a.date_of_birth, b.date_of_birth) ? 1 : 2;
};
const soundex: Record<string, string> = { Smith: 'S530', Jones: 'J520', Brown: 'B650' };
const rules: { keys: (r: Row) => string; excluded: Field }[] = [
  { keys: (r) => r.postcode, excluded: 'address' }, { keys: (r) => r.date_of_birth, excluded: 'date_of_birth' },
  { keys: (r) => soundex[r.last_name]!, excluded: 'last_name' },
];
type Pair = { a: Row; b: Row; levels: Record<Field, number>; flags: boolean[] };
const allPairs: Pair[] = rows.flatMap((a, i) => rows.slice(i + 1).map((b) => ({
  a, b, levels: Object.fromEntries(fields.map((f) => [f, levelOf(f, a, b)])) as Record<Field, number>, flags: rules.map((r) => r.keys(a) === r.keys(b)),
})));
const candidates = allPairs.filter((p) => p.flags.some(Boolean));
const key = (f: Field, l: number) => `${f}:${l}`;
const levelsOf = (f: Field) => [...Array(levelCount[f] + 1).keys()];

function naiveMatching(iterations: number) {
  const counts = new Map<string, number>();
  for (const p of allPairs) for (const f of fields) counts.set(key(f, p.levels[f]), (counts.get(key(f, p.levels[f])) ?? 0) + 1);
  const uRandom = new Map(fields.flatMap((f) => levelsOf(f).map((l) => [key(f, l), Math.max(counts.get(key(f, l)) ?? 0, 0.5) / allPairs.length] as const)));
  let u = new Map(uRandom);
  const pass = () => {
    const perRule: { m: Map<string, number>; used: Field[]; lambda: number; pairs: number; finds: number[] }[] = [];
    for (const [i, rule] of rules.entries()) {
      const used = fields.filter((f) => f !== rule.excluded);
      const pairs = candidates.filter((p) => p.flags[i]);
      const m = new Map(used.flatMap((f) => levelsOf(f).map((l) => [key(f, l), startM(f, l)] as const)));
      let lambda = 0.05;
      let post: number[] = [];
      for (let it = 0; it < iterations; it++) {
        post = pairs.map((p) => {
          const lm = used.reduce((s, f) => s + Math.log(Math.max(m.get(key(f, p.levels[f]))!, 1e-12)), 0);
          const lu = used.reduce((s, f) => s + Math.log(u.get(key(f, p.levels[f]))!), 0);
          return 1 / (1 + ((1 - lambda) / lambda) * Math.exp(lu - lm));
        });
        const total = post.reduce((s, x) => s + x, 0);
        for (const f of used) for (const l of levelsOf(f)) m.set(key(f, l), pairs.reduce((s, p, j) => s + (p.levels[f] === l ? post[j]! : 0), 0) / total);
        lambda = total / pairs.length;
      }
      const total = post.reduce((s, x) => s + x, 0);
      // The m floor: no level below half an expected match of this rule (every field is present on every pair here).
      for (const f of used) for (const l of levelsOf(f)) m.set(key(f, l), Math.max(m.get(key(f, l))!, 0.5 / total));
      perRule.push({ m, used, lambda, pairs: pairs.length, finds: rules.map((_, j) => pairs.reduce((s, p, k) => s + (p.flags[j] ? post[k]! : 0), 0) / total) });
    }
    const m = new Map(fields.flatMap((f) => levelsOf(f).map((l) => {
      const estimates = perRule.filter((r) => r.used.includes(f)).map((r) => r.m.get(key(f, l))!);
      return [key(f, l), estimates.length === 0 ? startM(f, l) : estimates.reduce((s, x) => s + x, 0) / estimates.length] as const;
    })));
    // Matches in all = a rule's expected matches / the share of matches it finds (by the other rules' EM), averaged.
    const totals = perRule.map((r, j) => {
      const finds = perRule.filter((_, i) => i !== j).map((o) => o.finds[j]!);
      return (r.lambda * r.pairs) / (finds.reduce((s, x) => s + x, 0) / finds.length);
    });
    return { m, perRule, prior: totals.reduce((s, x) => s + x, 0) / totals.length / allPairs.length };
  };
  const first = pass();
  // u without the pairs of one person: (share of random pairs - prior * m) / (1 - prior), at least half a pair, per field summing to 1.
  u = new Map(fields.flatMap((f) => {
    const raw = levelsOf(f).map((l) => Math.max((uRandom.get(key(f, l))! - first.prior * first.m.get(key(f, l))!) / (1 - first.prior), 0.5 / allPairs.length));
    const sum = raw.reduce((s, x) => s + x, 0);
    return levelsOf(f).map((l, i) => [key(f, l), raw[i]! / sum] as const);
  }));
  const second = pass();
  const weight = (p: Pair) => Math.log2(second.prior / (1 - second.prior))
    + fields.reduce((s, f) => s + Math.log2(Math.max(second.m.get(key(f, p.levels[f]))!, 1e-12) / u.get(key(f, p.levels[f]))!), 0);
  return { ...second, u, weight };
}

describe('probabilistic matching', () => {
  it('estimates u, m per blocking rule, the prior and every weight as a naive pair-by-pair implementation does', async () => {
    await insertRows(t.warehouse, contactsChannel, rows);
    const result = await buildMatchCandidates(t.warehouse, MatchConfig.parse({ em: { maxIterations: 3, tolerance: 1e-12 } }));
    const naive = naiveMatching(3);
    expect(result).toMatchObject({ records: 6, candidates: 7, randomPairs: 15, iterations: 3, converged: false });
    expect(result.rules.map((r) => [r.rule, r.pairs, r.excluded])).toEqual([
      ['postcode', 3, ['address']], ['date_of_birth', 2, ['date_of_birth']], ['surname_sound', 4, ['last_name']],
    ]);
    result.rules.forEach((r, i) => expect(r.matchShare, r.rule).toBeCloseTo(naive.perRule[i]!.lambda, 10));
    expect(result.prior).toBeCloseTo(naive.prior, 12);

    const params = await t.warehouse.all<{ field: Field; level: number; m: number; u: number; match_weight: number }>(
      `SELECT field, level, m, u, match_weight FROM match_parameters WHERE field IN ('last_name', 'date_of_birth', 'address')`);
    expect(params).toHaveLength(5 + 3 + 5);
    // Levels no pair showed (names 1-3, birth 'else' in the birth rule, ...) are floored at half an expected match, not
    // 0: no weight is -40 bits or so (log2(1e-12 / u)) any more.
    expect(Math.min(...params.map((p) => p.match_weight))).toBeGreaterThan(-10);
    for (const p of params) {
      expect(p.m, `${p.field} ${p.level} m`).toBeCloseTo(naive.m.get(key(p.field, p.level))!, 10);
      expect(p.u, `${p.field} ${p.level} u`).toBeCloseTo(naive.u.get(key(p.field, p.level))!, 10);
    }
    const pairs = await t.warehouse.all<{ record_a: string; record_b: string; blocking_rule: string; last_name_level: string; date_of_birth_level: string; address_level: string; first_name_level: string | null; match_weight: number; match_probability: number }>(
      'SELECT * FROM match_candidates ORDER BY record_a, record_b');
    expect(pairs.map((p) => [p.record_a, p.record_b, p.blocking_rule, p.last_name_level, p.date_of_birth_level, p.address_level, p.first_name_level])).toEqual([
      ['k1', 'k2', 'postcode', 'exact', 'exact', 'same postcode', null], ['k1', 'k3', 'postcode', 'else', 'else', 'same postcode', null],
      ['k1', 'k5', 'surname_sound', 'exact', 'typo', 'else', null], ['k2', 'k3', 'postcode', 'else', 'else', 'same postcode', null],
      ['k2', 'k5', 'surname_sound', 'exact', 'typo', 'else', null], ['k3', 'k4', 'surname_sound', 'exact', 'else', 'else', null],
      ['k4', 'k6', 'date_of_birth', 'else', 'exact', 'else', null],
    ]);
    for (const p of pairs) {
      const w = naive.weight(candidates.find((c) => c.a.contact_id === p.record_a && c.b.contact_id === p.record_b)!);
      expect(p.match_weight, `${p.record_a}-${p.record_b}`).toBeCloseTo(w, 8);
      expect(p.match_probability).toBeCloseTo(2 ** w / (1 + 2 ** w), 10);
    }
    // Not converged after 3 iterations: said in the result, in match_estimate and per rule in match_rules.
    expect(await t.warehouse.all('SELECT converged, iterations FROM match_estimate')).toEqual([{ converged: false, iterations: 3 }]);
    expect(await t.warehouse.all('SELECT rule, converged FROM match_rules ORDER BY rule')).toEqual([
      { rule: 'date_of_birth', converged: false }, { rule: 'postcode', converged: false }, { rule: 'surname_sound', converged: false },
    ]);
    for (const model of [matchCandidates, matchParameters, matchEstimate, matchRules]) {
      const built = await t.warehouse.all<{ c: string }>(`SELECT column_name || ' ' || data_type AS c FROM information_schema.columns
        WHERE table_name = '${model.table}' ORDER BY ordinal_position`);
      expect(built.map((b) => b.c), model.table).toEqual(Object.entries(model.columns).map(([name, c]) => `${name} ${c.type}`));
    }
  });

  it('says converged when EM settles before maxIterations', async () => {
    await insertRows(t.warehouse, contactsChannel, rows);
    const result = await buildMatchCandidates(t.warehouse, MatchConfig.parse({ em: { maxIterations: 200, tolerance: 1e-3 } }));
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(200);
  });

  it('refuses a blocking rule that puts every contact in one block, naming it', async () => {
    await insertRows(t.warehouse, contactsChannel, rows.map((r) => ({ ...r, city: 'London' })));
    await expect(buildMatchCandidates(t.warehouse, MatchConfig.parse({ blocking: [['postcode'], ['city']] })))
      .rejects.toThrow('blocking rule [city] puts all 6 contacts in one block');
  });

  it('leaves out contacts with nothing to compare', async () => {
    await insertRows(t.warehouse, contactsChannel, [...rows, { contact_id: 'k9', updated_at: '2026-05-01T09:00:00Z' }]);
    const result = await buildMatchCandidates(t.warehouse, MatchConfig.parse({}));
    expect(result.records).toBe(6);
    expect(await t.warehouse.all("SELECT count(*)::INTEGER AS n FROM match_candidates WHERE 'k9' IN (record_a, record_b)")).toEqual([{ n: 0 }]);
  });
});
