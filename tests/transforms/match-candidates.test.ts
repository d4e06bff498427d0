// Fellegi-Sunter matching against a hand-worked example: u from all pairs, one EM step for m and the match share, weights and probabilities.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactsChannel } from '../../sources/contracts/index.js';
import { matchCandidates, matchEstimate, matchParameters } from '../../transforms/contracts/match.js';
import { buildMatchCandidates } from '../../transforms/match-candidates.js';
import { MatchConfig } from '../../transforms/match-config.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const contact = (contact_id: string, last_name: string, date_of_birth: string, postcode: string, city?: string) =>
  ({ contact_id, last_name, date_of_birth, postcode, city, updated_at: '2026-05-01T09:00:00Z' });

// k1 and k2 agree on everything; k3 shares their postcode only; k4 shares k3's surname only.
const rows = [
  contact('k1', 'Smith', '1970-01-01', 'A1'), contact('k2', 'Smith', '1970-01-01', 'A1'),
  contact('k3', 'Jones', '1980-05-05', 'A1'), contact('k4', 'Jones', '1990-09-09', 'B2'),
];

describe('probabilistic matching', () => {
  it('estimates u from all pairs, m and the match share by one EM step, and weighs each candidate pair as worked by hand', async () => {
    await insertRows(t.warehouse, contactsChannel, rows);
    const result = await buildMatchCandidates(t.warehouse, MatchConfig.parse({ em: { maxIterations: 1 } }));
    // Blocking (postcode, date of birth, surname sound): k1-k2, k1-k3, k2-k3 by postcode A1; k3-k4 by Soundex J520.
    expect(result).toMatchObject({ records: 4, candidates: 4, randomPairs: 6, iterations: 1, converged: false });

    // By hand. The 6 pairs of 4 contacts give u: surname exact in 2 (k1-k2, k3-k4) else 4; birth exact 1 else 5;
    // postcode exact 3 (k1-k2, k1-k3, k2-k3) else 3. Starting m: the best level 0.7 (postcode, with one level: 0.9),
    // else 0.1; starting match share 0.05. E step: P(one person | pattern) = 0.05 M / (0.05 M + 0.95 U).
    const post = (m: number, u: number) => (0.05 * m) / (0.05 * m + 0.95 * u);
    const p12 = post(0.7 * 0.7 * 0.9, (2 / 6) * (1 / 6) * (3 / 6));
    const p13 = post(0.1 * 0.1 * 0.9, (4 / 6) * (5 / 6) * (3 / 6)); // and k2-k3
    const p34 = post(0.7 * 0.1 * 0.1, (2 / 6) * (5 / 6) * (3 / 6));
    const s = p12 + 2 * p13 + p34;
    const m = { surnameExact: (p12 + p34) / s, surnameElse: (2 * p13) / s, birthExact: p12 / s, birthElse: (2 * p13 + p34) / s, postExact: (p12 + 2 * p13) / s, postElse: p34 / s };
    const share = s / 4;
    expect(result.matchShare).toBeCloseTo(share, 10);

    const params = await t.warehouse.all<{ field: string; label: string; m: number; u: number; match_weight: number }>(
      `SELECT field, label, m, u, match_weight FROM match_parameters WHERE field IN ('last_name', 'date_of_birth', 'postcode') AND label IN ('exact', 'else')`);
    const param = (field: string, label: string) => params.find((p) => p.field === field && p.label === label)!;
    for (const [field, label, mm, u] of [
      ['last_name', 'exact', m.surnameExact, 2 / 6], ['last_name', 'else', m.surnameElse, 4 / 6],
      ['date_of_birth', 'exact', m.birthExact, 1 / 6], ['date_of_birth', 'else', m.birthElse, 5 / 6],
      ['postcode', 'exact', m.postExact, 3 / 6], ['postcode', 'else', m.postElse, 3 / 6],
    ] as const) {
      expect(param(field, label).m, `${field} ${label} m`).toBeCloseTo(mm, 10);
      expect(param(field, label).u, `${field} ${label} u`).toBeCloseTo(u, 10);
      expect(param(field, label).match_weight, `${field} ${label} weight`).toBeCloseTo(Math.log2(mm / u), 10);
    }

    const prior = Math.log2(share / (1 - share));
    const w12 = prior + Math.log2(m.surnameExact / (2 / 6)) + Math.log2(m.birthExact / (1 / 6)) + Math.log2(m.postExact / (3 / 6));
    const w34 = prior + Math.log2(m.surnameExact / (2 / 6)) + Math.log2(m.birthElse / (5 / 6)) + Math.log2(m.postElse / (3 / 6));
    const pairs = await t.warehouse.all<{ record_a: string; record_b: string; blocking_rule: string; last_name_level: string; first_name_level: string | null; match_weight: number; match_probability: number }>(
      'SELECT record_a, record_b, blocking_rule, last_name_level, first_name_level, match_weight, match_probability FROM match_candidates ORDER BY record_a, record_b');
    expect(pairs.map((p) => [p.record_a, p.record_b, p.blocking_rule, p.last_name_level, p.first_name_level])).toEqual([
      ['k1', 'k2', 'postcode', 'exact', null], ['k1', 'k3', 'postcode', 'else', null], ['k2', 'k3', 'postcode', 'else', null], ['k3', 'k4', 'surname_sound', 'exact', null],
    ]);
    expect(pairs[0]!.match_weight).toBeCloseTo(w12, 10);
    expect(pairs[0]!.match_probability).toBeCloseTo(2 ** w12 / (1 + 2 ** w12), 10);
    expect(pairs[3]!.match_weight).toBeCloseTo(w34, 10);
    expect(await t.warehouse.all('SELECT converged, iterations FROM match_estimate')).toEqual([{ converged: false, iterations: 1 }]);
    for (const model of [matchCandidates, matchParameters, matchEstimate]) {
      const built = await t.warehouse.all<{ c: string }>(`SELECT column_name || ' ' || data_type AS c FROM information_schema.columns
        WHERE table_name = '${model.table}' ORDER BY ordinal_position`);
      expect(built.map((b) => b.c), model.table).toEqual(Object.entries(model.columns).map(([name, c]) => `${name} ${c.type}`));
    }
  });

  it('refuses a blocking rule that puts every contact in one block, naming it', async () => {
    await insertRows(t.warehouse, contactsChannel, rows.map((r) => ({ ...r, city: 'London' })));
    await expect(buildMatchCandidates(t.warehouse, MatchConfig.parse({ blocking: [['postcode'], ['city']] })))
      .rejects.toThrow('blocking rule [city] puts all 4 contacts in one block');
  });

  it('leaves out contacts with nothing to compare', async () => {
    await insertRows(t.warehouse, contactsChannel, [...rows, { contact_id: 'k5', updated_at: '2026-05-01T09:00:00Z' }]);
    const result = await buildMatchCandidates(t.warehouse, MatchConfig.parse({}));
    expect(result.records).toBe(4);
    expect(await t.warehouse.all("SELECT count(*)::INTEGER AS n FROM match_candidates WHERE 'k5' IN (record_a, record_b)")).toEqual([{ n: 0 }]);
  });
});
