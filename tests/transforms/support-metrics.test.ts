// support_responsiveness and satisfaction_scores on a real DuckDB file against hand-worked examples.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedbackChannel, supportChannel } from '../../sources/contracts/index.js';
import { AnalyticsConfig, describeBusinessHours } from '../../transforms/analytics-config.js';
import { satisfactionScores, supportResponsiveness } from '../../transforms/contracts/support-metrics.js';
import { buildSatisfactionScores } from '../../transforms/satisfaction-scores.js';
import { buildSupportResponsiveness } from '../../transforms/support-responsiveness.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const msg = (message_id: string, conversation_id: string, medium: string, direction: string, status_after: string | null, occurred_at: string) =>
  ({ message_id, conversation_id, medium, direction, status_after, occurred_at, email: 'x@example.com' });

/** The declared columns and types are what the SQL builds. */
async function columnsOf(table: string) {
  const rows = await t.warehouse.all<{ c: string }>(`SELECT column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [table]);
  return rows.map((r) => r.c);
}

describe('support_responsiveness', () => {
  it('computes first response, resolution, SLA share, unanswered and backlog per medium and month as worked by hand', async () => {
    await insertRows(t.warehouse, supportChannel, [
      // H (email, May): opened 05-31 22:00, answered and solved 06-01 08:00 -> 600 min; open at the end of May.
      msg('h1', 'H', 'email', 'inbound', 'open', '2026-05-31T22:00:00Z'), msg('h2', 'H', 'email', 'outbound', 'solved', '2026-06-01T08:00:00Z'),
      // A (email, June): answered after 30 min, solved after 3 h (180 min), with a customer message in between.
      msg('a1', 'A', 'email', 'inbound', 'open', '2026-06-01T09:00:00Z'), msg('a2', 'A', 'email', 'outbound', 'pending', '2026-06-01T09:30:00Z'),
      msg('a3', 'A', 'email', 'inbound', null, '2026-06-01T10:00:00Z'), msg('a4', 'A', 'email', 'outbound', 'solved', '2026-06-01T12:00:00Z'),
      // B: answered and solved after 120 min. C: answered after 10 min, left pending. D: never answered.
      msg('b1', 'B', 'email', 'inbound', 'open', '2026-06-02T09:00:00Z'), msg('b2', 'B', 'email', 'outbound', 'solved', '2026-06-02T11:00:00Z'),
      msg('c1', 'C', 'email', 'inbound', 'open', '2026-06-03T09:00:00Z'), msg('c2', 'C', 'email', 'outbound', 'pending', '2026-06-03T09:10:00Z'),
      msg('d1', 'D', 'email', 'inbound', 'open', '2026-06-30T23:00:00Z'),
      // E: only outbound (the business wrote first): not a request, left out.
      msg('e1', 'E', 'email', 'outbound', 'solved', '2026-06-05T09:00:00Z'),
      // G (chat): answered after 1 min and solved, reopened by the customer, closed again at 12:05 -> 125 min.
      msg('g1', 'G', 'chat', 'inbound', 'open', '2026-06-10T10:00:00Z'), msg('g2', 'G', 'chat', 'outbound', 'solved', '2026-06-10T10:01:00Z'),
      msg('g3', 'G', 'chat', 'inbound', 'open', '2026-06-10T12:00:00Z'), msg('g4', 'G', 'chat', 'outbound', 'closed', '2026-06-10T12:05:00Z'),
      // After as_of: not counted (D stays unanswered).
      msg('d2', 'D', 'email', 'outbound', 'solved', '2026-07-01T08:00:00Z'),
    ]);
    expect(await buildSupportResponsiveness(t.warehouse, { asOf: '2026-07-01', slaMinutes: 60 })).toEqual({ rows: 4 });
    expect(await t.warehouse.all(`SELECT medium, month::VARCHAR AS month, conversations, answered, unanswered, first_response_median_minutes AS med,
        first_response_p90_minutes AS p90, resolution_median_minutes AS res, answered_within_sla_share AS sla, backlog_at_period_end AS backlog, partial
      FROM support_responsiveness ORDER BY month, medium`)).toEqual([
      { medium: 'chat', month: '2026-05-01', conversations: 0, answered: 0, unanswered: 0, med: null, p90: null, res: null, sla: null, backlog: 0, partial: false },
      { medium: 'email', month: '2026-05-01', conversations: 1, answered: 1, unanswered: 0, med: 600, p90: 600, res: 600, sla: 0, backlog: 1, partial: false },
      { medium: 'chat', month: '2026-06-01', conversations: 1, answered: 1, unanswered: 0, med: 1, p90: 1, res: 125, sla: 1, backlog: 0, partial: false },
      // FRTs 10, 30, 120: median 30; p90 at rank 0.9 x 2 = 1.8 -> 30 + 0.8 x 90 = 102. Within 60 min: A, C of 4.
      // Resolved: A 180, B 120 -> 150. Open at the end of June: C (pending), D (open).
      { medium: 'email', month: '2026-06-01', conversations: 4, answered: 3, unanswered: 1, med: 30, p90: 102, res: 150, sla: 0.5, backlog: 2, partial: false },
    ]);
    expect(await columnsOf('support_responsiveness')).toEqual(Object.entries(supportResponsiveness.columns).map(([n, c]) => `${n} ${c.type}`));
  });

  it('never takes a message before the conversation\'s first customer message as its first answer', async () => {
    await insertRows(t.warehouse, supportChannel, [
      // The business wrote at 08:00 (or its clock is off), the customer at 09:00, the answer came at 09:20: 20 minutes, not -60.
      msg('f0', 'F', 'chat', 'outbound', null, '2026-06-10T08:00:00Z'), msg('f1', 'F', 'chat', 'inbound', 'open', '2026-06-10T09:00:00Z'),
      msg('f2', 'F', 'chat', 'outbound', 'solved', '2026-06-10T09:20:00Z'),
      // Only an early message of ours and the customer's: unanswered.
      msg('u0', 'U', 'chat', 'outbound', null, '2026-06-11T08:00:00Z'), msg('u1', 'U', 'chat', 'inbound', 'open', '2026-06-11T09:00:00Z'),
    ]);
    await buildSupportResponsiveness(t.warehouse, { asOf: '2026-07-01', slaMinutes: 60 });
    expect(await t.warehouse.all(`SELECT conversations, answered, unanswered, first_response_median_minutes AS med, backlog_at_period_end AS backlog
      FROM support_responsiveness WHERE month = DATE '2026-06-01'`)).toEqual([{ conversations: 2, answered: 1, unanswered: 1, med: 20, backlog: 1 }]);
  });

  it('orders messages at the same instant: the answer after the question, then by id, so the status never depends on row order', async () => {
    // Z: the customer's message and an instant answer that solves it, both at 09:00 (a chat bot), written in both row
    // orders: solved either way (backlog 0). Y: two answers at one instant, 'pending' (y2) then 'solved' (y3) by id: solved.
    const z = [msg('z2', 'Z', 'chat', 'outbound', 'solved', '2026-06-12T09:00:00Z'), msg('z1', 'Z', 'chat', 'inbound', 'open', '2026-06-12T09:00:00Z')];
    const y = [msg('y1', 'Y', 'chat', 'inbound', 'open', '2026-06-13T09:00:00Z'), msg('y3', 'Y', 'chat', 'outbound', 'solved', '2026-06-13T09:05:00Z'),
      msg('y2', 'Y', 'chat', 'outbound', 'pending', '2026-06-13T09:05:00Z')];
    for (const rows of [[...z, ...y], [...z, ...y].reverse()]) {
      await t.warehouse.run('DROP TABLE IF EXISTS support_messages');
      await insertRows(t.warehouse, supportChannel, rows);
      await buildSupportResponsiveness(t.warehouse, { asOf: '2026-07-01', slaMinutes: 60 });
      // Both resolved: Z after 0 minutes, Y after 5, median 2.5.
      expect(await t.warehouse.all(`SELECT conversations, resolution_median_minutes AS resolution, backlog_at_period_end AS backlog
        FROM support_responsiveness WHERE month = DATE '2026-06-01'`)).toEqual([{ conversations: 2, resolution: 2.5, backlog: 0 }]);
    }
  });

  it('counts only business hours when they are configured, across the October 2026 change from BST to GMT, as worked by hand', async () => {
    // Mon-Fri 09:00-18:00 Europe/London. Clocks go back on Sunday 2026-10-25: 09:00 is 08:00Z before, 09:00Z after.
    const hours = AnalyticsConfig.parse({ businessHours: { start: '09:00', end: '18:00', timezone: 'Europe/London' } }).businessHours!;
    await insertRows(t.warehouse, supportChannel, [
      // K: Friday 17:30 BST (16:30Z), answered and solved Monday 09:30 GMT: 30 min on Friday + 30 on Monday = 60.
      msg('k1', 'K', 'email', 'inbound', 'open', '2026-10-23T16:30:00Z'), msg('k2', 'K', 'email', 'outbound', 'solved', '2026-10-26T09:30:00Z'),
      // L: Saturday 11:00 BST, answered Monday 10:00 GMT (60: the weekend does not count), solved Tuesday 09:15 (540 + 15 = 555).
      msg('l1', 'L', 'email', 'inbound', 'open', '2026-10-24T10:00:00Z'), msg('l2', 'L', 'email', 'outbound', 'pending', '2026-10-26T10:00:00Z'),
      msg('l3', 'L', 'email', 'outbound', 'solved', '2026-10-27T09:15:00Z'),
      // M: Wednesday 10:00-10:20 GMT: 20. N: Thursday 17:50, answered 20:00 after closing: 10.
      msg('m1', 'M', 'email', 'inbound', 'open', '2026-10-28T10:00:00Z'), msg('m2', 'M', 'email', 'outbound', 'pending', '2026-10-28T10:20:00Z'),
      msg('n1', 'N', 'email', 'inbound', 'open', '2026-10-29T17:50:00Z'), msg('n2', 'N', 'email', 'outbound', 'pending', '2026-10-29T20:00:00Z'),
    ]);
    const month = `SELECT first_response_median_minutes AS med, round(first_response_p90_minutes, 9) AS p90, resolution_median_minutes AS res,
      answered_within_sla_share AS sla, business_hours FROM support_responsiveness WHERE month = DATE '2026-10-01'`;
    await buildSupportResponsiveness(t.warehouse, { asOf: '2026-11-01', slaMinutes: 60, businessHours: hours });
    // First responses 10, 20, 60, 60: median 40, p90 at rank 2.7 = 60, all within 60. Resolutions 60 and 555: median 307.5.
    expect(await t.warehouse.all(month)).toEqual([{ med: 40, p90: 60, res: 307.5, sla: 1, business_hours: 'Mon-Fri 09:00-18:00 Europe/London' }]);
    // Off (the default): wall-clock 130, 20, 2880, 3900 minutes: median 1505, p90 2880 + 0.7 x 1020 = 3594, one of four within 60.
    // Resolutions 3900 and 2880 + 1395 = 4275: median 4087.5.
    await buildSupportResponsiveness(t.warehouse, { asOf: '2026-11-01', slaMinutes: 60 });
    expect(await t.warehouse.all(month)).toEqual([{ med: 1505, p90: 3594, res: 4087.5, sla: 0.25, business_hours: null }]);
  });

  it('reads business hours from the config with defaults, and refuses hours that end before they start or an unknown zone', () => {
    const b = AnalyticsConfig.parse({ businessHours: {} }).businessHours!;
    expect(b).toEqual({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', timezone: 'UTC' });
    expect(AnalyticsConfig.parse({}).businessHours).toBeUndefined();
    expect(describeBusinessHours({ ...b, days: ['sat', 'mon', 'wed'] })).toBe('Mon, Wed, Sat 09:00-17:00 UTC');
    expect(() => AnalyticsConfig.parse({ businessHours: { start: '18:00', end: '09:00' } })).toThrow(/end after start/);
    expect(() => AnalyticsConfig.parse({ businessHours: { timezone: 'Mars/Olympus' } })).toThrow(/IANA time zone/);
    expect(() => AnalyticsConfig.parse({ businessHours: { start: '9am' } })).toThrow(/HH:MM/);
  });

  it('builds an empty table when there is no support data', async () => {
    expect(await buildSupportResponsiveness(t.warehouse, { asOf: '2026-07-01' })).toEqual({ rows: 0 });
  });
});

describe('satisfaction_scores', () => {
  it('computes NPS, CSAT and CES per month with their 95% intervals as worked by hand', async () => {
    const rows = [
      ...[10, 10, 9, 9, 9, 8, 7, 6, 3, 0].map((score, i) => ({ survey: 'nps', score, occurred_at: `2026-06-${String(i + 1).padStart(2, '0')}T09:00:00Z` })),
      ...[5, 4, 4, 2].map((score, i) => ({ survey: 'csat', score, occurred_at: `2026-06-1${i}T09:00:00Z` })),
      ...[2, 3, 4, 7].map((score, i) => ({ survey: 'ces', score, occurred_at: `2026-06-2${i}T09:00:00Z` })),
      { survey: 'nps', score: 10, occurred_at: '2026-07-02T09:00:00Z' },   // after as_of: not counted
    ].map((r, i) => ({ ...r, response_id: `r${i}`, email: 'x@example.com' }));
    await insertRows(t.warehouse, feedbackChannel, rows);
    expect(await buildSatisfactionScores(t.warehouse, { asOf: '2026-07-01' })).toEqual({ rows: 3 });
    const got = await t.warehouse.all<Record<string, number | string | null>>(
      'SELECT survey, responses, score, ci_low, ci_high, promoters, detractors, satisfied FROM satisfaction_scores ORDER BY survey');
    // NPS: 5 promoters, 3 detractors of 10 -> 20; p = .5, d = .3, variance .5 + .3 - .2^2 = .76,
    //   half width 100 x 1.96 x sqrt(.076) = 54.0335 -> [-34.0335, 74.0335].
    // CSAT: 3 of 4 at 4-5 -> 75; Wilson (z = 1.96, n = 4): centre (.75 + .4802) / 1.9604, half 1.96 x sqrt(.046875 + .060025) / 1.9604
    //   -> [30.0636, 95.4414]. CES: mean 4, sample sd sqrt(14 / 3) = 2.1602, half 1.96 x 2.1602 / 2 = 2.1170 -> [1.8830, 6.1170].
    expect(got.map((r) => r.survey)).toEqual(['ces', 'csat', 'nps']);
    const [ces, csat, nps] = got as Record<string, number>[];
    expect(nps).toMatchObject({ responses: 10, score: 20, promoters: 5, detractors: 3, satisfied: null });
    expect(nps!.ci_low).toBeCloseTo(-34.0335, 3);
    expect(nps!.ci_high).toBeCloseTo(74.0335, 3);
    expect(csat).toMatchObject({ responses: 4, score: 75, promoters: null, satisfied: 3 });
    expect(csat!.ci_low).toBeCloseTo(30.0636, 3);
    expect(csat!.ci_high).toBeCloseTo(95.4414, 3);
    expect(ces).toMatchObject({ responses: 4, score: 4 });
    expect(ces!.ci_low).toBeCloseTo(1.8830, 3);
    expect(ces!.ci_high).toBeCloseTo(6.1170, 3);
    expect(await columnsOf('satisfaction_scores')).toEqual(Object.entries(satisfactionScores.columns).map(([n, c]) => `${n} ${c.type}`));
  });
});
