// `rapport identities review|accept|reject|undo|estimate|report`: review probabilistic matches of contacts, estimate their parameters again, print the match report.
import { z } from 'zod';
import { buildIdentities } from '../../transforms/identities.js';
import { decideMatch, undecideMatch } from '../../transforms/match-decisions.js';
import { matchReport, reviewPairs } from '../../transforms/match-report.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { commandConfig } from '../command-config.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

const actions = ['review', 'accept', 'reject', 'undo', 'estimate', 'report'] as const;
const Args = z.object({
  limit: z.coerce.number().int().positive().default(20),
  bits: z.coerce.number().positive().default(4),
  by: z.string().optional(),
  note: z.string().optional(),
});

export const identitiesCommand: Command = {
  name: 'identities',
  summary: 'Review probabilistic matches of contacts (review, accept, reject, undo), estimate their parameters again, print the match report',
  help: `Usage: rapport identities review [--limit N] [--bits B] [--json] [--config FILE]
       rapport identities accept|reject <contact_id> <contact_id> [--by NAME] [--note TEXT] [--config FILE]
       rapport identities undo <contact_id> <contact_id> [--config FILE]
       rapport identities estimate [--config FILE]
       rapport identities report [--json] [--config FILE]

Probabilistic matching (the config's \`match\` key, docs/matching.md) links contacts that are one person despite typos.
review:   lists undecided candidate pairs whose match weight is within B bits (default 4) of the threshold's, closest
          first, with how each field compared and whether the pair is linked now.
accept:   links the pair from the next identities build on, whatever its score; reject: never links it. Decisions
          are kept in match_decisions and honoured by every later build; undo forgets one.
estimate: estimates m, u and the prior again from all contacts and rebuilds the identities (otherwise builds reuse
          the stored estimate until match.reestimateEvery has passed).
report:   the estimate (converged or not), links per blocking rule, the weight histogram and every field level's m, u, weight.

Options:
  --limit N      review: pairs to list (default 20).
  --bits B       review: how far from the threshold's weight a pair may be (default 4).
  --by NAME      accept/reject: who decided (kept with the decision).
  --note TEXT    accept/reject: why.
  --json         JSON instead of text.
  --config FILE  Config file (default: rapport.config.ts in the current folder).`,
  options: { limit: { type: 'string' }, bits: { type: 'string' }, by: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [action, ...ids] = positionals;
    if (!actions.includes(action as (typeof actions)[number])) throw new UsageError(`identities: expected one of ${actions.join(', ')}`);
    const pair = action === 'accept' || action === 'reject' || action === 'undo';
    if (pair ? ids.length !== 2 : ids.length !== 0) throw new UsageError(pair ? `identities ${action}: expected two contact ids` : `identities ${action}: takes no arguments`);
    const parsed = Args.safeParse(values);
    if (!parsed.success) throw new UsageError(`--${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
    const loaded = await commandConfig(values, io);
    const match = loaded.config.match;
    if (match === undefined && action !== 'report') throw new UsageError(`identities ${action}: the config has no \`match\` key, so contacts are not matched (see docs/matching.md)`);
    const readOnly = action === 'review' || action === 'report';
    const wh = await openWarehouse(loaded.warehouse, { readOnly, onWait: (m) => io.err(`rapport: ${m}`) });
    try {
      if (action === 'review') {
        const pairs = await reviewPairs(wh, match!.threshold, parsed.data.bits, parsed.data.limit);
        if (values.json) io.out(JSON.stringify(pairs, null, 2));
        else printReview(pairs, io);
      } else if (action === 'accept' || action === 'reject') {
        await decideMatch(wh, { a: ids[0]!, b: ids[1]!, decision: action, decidedAt: new Date(), ...(parsed.data.by ? { decidedBy: parsed.data.by } : {}), ...(parsed.data.note ? { note: parsed.data.note } : {}) });
        io.out(`${action}ed ${ids[0]} ~ ${ids[1]}: the next identities build (rapport run daily) ${action === 'accept' ? 'links' : 'unlinks'} them`);
      } else if (action === 'undo') {
        io.out(await undecideMatch(wh, ids[0]!, ids[1]!) ? `forgot the decision on ${ids[0]} ~ ${ids[1]}` : `no decision on ${ids[0]} ~ ${ids[1]}`);
      } else if (action === 'estimate') {
        const r = await buildIdentities(wh, { config: loaded.config.identity, match: match!, reestimate: true, runId: `identities-estimate-${new Date().toISOString()}`, now: new Date() });
        const m = r.match!;
        io.out(`estimated from ${m.records} contacts, ${m.candidates} candidate pairs: prior ${m.prior.toExponential(3)}, EM ${m.converged ? 'converged' : 'did NOT converge'} (${m.iterations} iterations at most), ${m.aboveThreshold} pairs above ${match!.threshold}`);
        if (!m.converged) io.err(`rapport: EM did not converge for ${m.rules.filter((x) => !x.converged).map((x) => x.rule).join(', ')}: raise match.em.maxIterations or check the blocking rules`);
        io.out(`identities: ${r.customers} customers, ${r.merges} merges, ${r.splits} splits; run the daily pipeline to bring customer_360 up to date`);
      } else {
        const report = await matchReport(wh);
        if (values.json) io.out(JSON.stringify(report, null, 2));
        else printReport(report, io);
      }
      return 0;
    } finally {
      wh.close();
    }
  },
};

function printReview(pairs: Awaited<ReturnType<typeof reviewPairs>>, io: CommandIo): void {
  if (pairs.length === 0) io.out('no undecided pair near the threshold');
  for (const p of pairs) {
    io.out(`${p.recordA} ~ ${p.recordB}  weight ${p.matchWeight.toFixed(1)}  probability ${p.matchProbability.toFixed(3)}  ${p.linked ? 'linked' : 'not linked'}`);
    io.out(`    ${Object.entries(p.levels).filter(([, l]) => l !== null).map(([f, l]) => `${f}: ${l}`).join(', ')}`);
  }
  if (pairs.length > 0) io.out('decide with: rapport identities accept|reject <contact_id> <contact_id>');
}

const num = (v: unknown) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? String(v)
  : typeof v === 'number' ? (Math.abs(v) < 0.001 && v !== 0 ? v.toExponential(2) : v.toFixed(3))
  : v instanceof Date ? v.toISOString().replace('T', ' ').slice(0, 19) : String(v ?? '-');

function printReport(r: Awaited<ReturnType<typeof matchReport>>, io: CommandIo): void {
  const e = r.estimate;
  io.out(`match estimate: ${num(e.records)} contacts, ${num(e.candidates)} candidate pairs, ${num(e.random_pairs)} random pairs, prior ${num(e.prior)}, estimated at ${num(e.estimated_at)}`);
  io.out(`EM: ${e.converged ? 'converged' : 'NOT converged'} (${num(e.iterations)} iterations at most); ${r.links} probabilistic links`);
  io.out('\nblocking rules (pairs, EM share of one person, converged, fields left out, links):');
  for (const x of r.rules) io.out(`  ${String(x.rule).padEnd(24)} ${String(x.pairs).padStart(10)}  ${num(x.match_share)}  ${x.converged ? 'yes' : 'NO '}  [${String(x.excluded)}]  ${String(x.links)}`);
  io.out('\nweight histogram (bits from, pairs, linked):');
  const most = Math.max(1, ...r.histogram.map((h) => h.pairs));
  for (const h of r.histogram) io.out(`  ${String(h.from).padStart(4)}  ${String(h.pairs).padStart(8)}  ${String(h.linked).padStart(6)}  ${'#'.repeat(Math.ceil((40 * h.pairs) / most))}`);
  io.out('\nparameters (field, level, m, u, weight, rules that estimated m):');
  for (const p of r.parameters) io.out(`  ${String(p.field).padEnd(14)} ${String(p.label).padEnd(32)} ${num(p.m).padStart(9)} ${num(p.u).padStart(9)} ${num(p.match_weight).padStart(8)}  ${String(p.rules)}`);
}
