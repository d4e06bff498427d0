// Times the newer channels' work on a generated sample (issues 16, 17, 21): contacts matching, sentiment scoring, the satisfaction and personalisation models.
// Usage, one phase per command so each heavy run stays short (at 1M run each under `flock /work/helpers/bench.lock`):
//   npx tsx bench/channels.ts load <sampleDir> <workDir>   every source + identities (matching included) + customer_360
//   npx tsx bench/channels.ts match <workDir>              matching alone: blocking floor, estimate, stored-parameter scoring, a new day
//   npx tsx bench/channels.ts sentiment <workDir>          first-load scoring of every text, the library alone, then a new day's texts
//   npx tsx bench/channels.ts models <workDir>             customer_360 rebuild (baseline), satisfaction and personalisation models
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type LoadedConfig } from '../config/load-config.js';
import { fillSentiment } from '../load/text-sentiment.js';
import { scoreSentiment } from '../load/sentiment-score.js';
import { customerPreferencesStep, productRecommendationsStep } from '../pipelines/personalisation-steps.js';
import { satisfactionModelSteps } from '../pipelines/satisfaction-steps.js';
import { customer360Step, extractStep, identitiesStep } from '../pipelines/steps.js';
import type { Step, RunParams } from '../runner/pipeline.js';
import type { RunEvent } from '../runner/run-events.js';
import { runPipeline } from '../runner/run-pipeline.js';
import { channelByName } from '../sources/contracts/index.js';
import { sampleSources } from '../sources/sample/index.js';
import { buildMatchCandidates } from '../transforms/match-candidates.js';
import { soundexMacro } from '../transforms/match-comparisons.js';
import { MatchConfig } from '../transforms/match-config.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';

const [phase, first, second] = process.argv.slice(2);
/** The last day of a generated sample: its rows arrive as the "new day" of the incremental figures. */
const lastDay = '2026-10-31';
/**
 * At 1M customers the default rules (postcode / date of birth / surname sound, each alone) would compare billions of
 * pairs (one surname sound is shared by ~37,000 contacts, one Lyon postcode by ~7,000) and are refused by `maxPairs`:
 * these rules are what one would configure at that size (see the reading in BENCHMARKS.md).
 */
const match = MatchConfig.parse({ blocking: [['postcode', 'surname_sound'], ['date_of_birth'], ['surname_sound', 'first_name', 'birth_year'], ['postcode', 'first_name']] });

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const gib = () => (process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2);
const say = (line: string) => console.log(`${line}   [load ${load()}, ${new Date().toISOString().slice(11, 19)} UTC]`);

/** Wall and CPU time (every thread of Node and DuckDB) of one piece of work, printed as one line. */
async function timed<T>(label: string, work: () => Promise<T>, detail: (r: T) => string = () => ''): Promise<T> {
  const [t, c] = [performance.now(), cpu()];
  const result = await work();
  say(`${label}: ${seconds(performance.now() - t)} s wall, ${seconds(cpu() - c)} s CPU${detail(result) ? `; ${detail(result)}` : ''}`);
  return result;
}

/** The bundled config's sources pointed at the sample, contacts from `<workDir>/contacts/*.csv` (history first, the last day later). */
function configFor(sampleDir: string, workDir: string): LoadedConfig {
  return parseConfig({
    warehouse: 'warehouse.duckdb',
    outputs: { exports: 'exports', reports: 'reports' },
    sources: { ...sampleSources(path.resolve(sampleDir)), contacts: { connector: 'file', channel: 'contacts', path: path.resolve(workDir, 'contacts', '*.csv') } },
    identity: { defaultCountry: 'DE', fallbackCountries: ['US'] },
    match,
    pipelines: { daily: { schedule: '0 6 * * *', timezone: 'UTC' } },
  }, path.resolve(workDir, 'rapport.config.ts'), {});
}

/** Runs `steps` one after the other as one pipeline run and prints each step's wall time, CPU time and the peak RSS by its end. */
async function runSteps(wh: Warehouse, loaded: LoadedConfig, steps: readonly Step[], params: RunParams = {}): Promise<void> {
  const cpuAt = new Map<string, number>();
  const onEvent = (e: RunEvent) => {
    if (e.type === 'step-start') cpuAt.set(e.step, cpu());
    if (e.type === 'step-end') cpuAt.set(e.step, cpu() - (cpuAt.get(e.step) ?? 0));
  };
  const chained = steps.map((s, i) => ({ ...s, dependsOn: i === 0 ? [] : [steps[i - 1]!.name] }));
  const outcome = await runPipeline({ name: 'bench-channels', schedule: '0 6 * * *', timezone: 'UTC', steps: chained }, { warehouse: wh, loaded, params, onEvent });
  for (const s of outcome.steps) {
    const rows = s.result?.rowsOut !== undefined ? `, ${s.result.rowsOut.toLocaleString('en')} rows out` : '';
    const facts = s.result?.facts ? `, ${JSON.stringify(s.result.facts)}` : '';
    say(`step ${s.step}: ${s.status}, ${seconds(s.ms)} s wall, ${seconds(cpuAt.get(s.step) ?? 0)} s CPU${rows}${facts}${s.error ? `; ${s.error}` : ''}`);
  }
  if (outcome.status !== 'success') throw new Error(`bench channels: the run ended ${outcome.status}`);
}

/** Writes the sample's contacts into `<workDir>/contacts/history.csv` and `<workDir>/last-day/contacts.csv` (updated on the last day). */
async function splitContacts(sampleDir: string, workDir: string): Promise<void> {
  const [header, ...lines] = (await readFile(path.join(sampleDir, 'contacts.csv'), 'utf8')).trimEnd().split('\n');
  const isNew = (line: string) => line.slice(line.lastIndexOf(',') + 1) >= lastDay;
  await mkdir(path.join(workDir, 'contacts'), { recursive: true });
  await mkdir(path.join(workDir, 'last-day'), { recursive: true });
  await writeFile(path.join(workDir, 'contacts', 'history.csv'), [header, ...lines.filter((l) => !isNew(l))].join('\n') + '\n');
  await writeFile(path.join(workDir, 'last-day', 'contacts.csv'), [header, ...lines.filter(isNew)].join('\n') + '\n');
}

/** Pairwise precision and recall of the pairs above the threshold, for contacts of one person sharing no email or phone. */
async function matchQuality(wh: Warehouse, sampleDir: string): Promise<string> {
  await wh.run(`CREATE OR REPLACE TEMP TABLE bench_truth AS
    SELECT c.contact_id, g.person_id, nullif(lower(trim(c.email)), '') AS email, nullif(regexp_replace(c.phone, '[^0-9]', '', 'g'), '') AS phone
    FROM contacts c JOIN read_csv(${`'${path.resolve(sampleDir, 'contacts_ground_truth.csv')}'`}, all_varchar = true) g USING (contact_id);
    CREATE OR REPLACE MACRO bench_shares(a, b) AS a.email = b.email OR a.phone = b.phone;`);
  const [q] = await wh.all<{ truth: number; linked: number; right: number }>(`
    WITH truth AS (SELECT a.contact_id AS a, b.contact_id AS b FROM bench_truth a JOIN bench_truth b
                   ON a.person_id = b.person_id AND a.contact_id < b.contact_id WHERE NOT coalesce(bench_shares(a, b), false)),
    linked AS (SELECT m.record_a AS a, m.record_b AS b FROM match_candidates m
               JOIN bench_truth x ON x.contact_id = m.record_a JOIN bench_truth y ON y.contact_id = m.record_b
               WHERE m.match_probability >= ${match.threshold} AND NOT coalesce(bench_shares(x, y), false))
    SELECT (SELECT count(*) FROM truth)::BIGINT AS truth, (SELECT count(*) FROM linked)::BIGINT AS linked,
           (SELECT count(*) FROM linked JOIN truth USING (a, b))::BIGINT AS right`);
  const [truth, linked, right] = [Number(q!.truth), Number(q!.linked), Number(q!.right)];
  return `precision ${(right / linked).toFixed(3)} (${right} of ${linked} linked), recall ${(right / truth).toFixed(3)} (of ${truth} true pairs sharing no email or phone)`;
}

const workDir = path.resolve(phase === 'load' ? second ?? '' : first ?? '');
const metaFile = path.join(workDir, 'bench-channels.json');
if (!['load', 'match', 'sentiment', 'models'].includes(phase ?? '') || !first || (phase === 'load' && !second)) {
  console.error('usage: bench/channels.ts load <sampleDir> <workDir> | match|sentiment|models <workDir>');
  process.exit(2);
}
if (phase === 'load') {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  await writeFile(metaFile, JSON.stringify({ sampleDir: path.resolve(first) }));
}
const { sampleDir } = JSON.parse(await readFile(metaFile, 'utf8')) as { sampleDir: string };
const loaded = configFor(sampleDir, workDir);
say(`bench/channels.ts ${phase} on ${sampleDir}: ${os.cpus().length} cores`);
const wh = await openWarehouse(loaded.warehouse);
try {
  if (phase === 'load') {
    await splitContacts(sampleDir, workDir);
    const extracts = Object.keys(loaded.config.sources).map(extractStep);
    await runSteps(wh, loaded, [...extracts, identitiesStep([]), customer360Step]);
  } else if (phase === 'match') {
    await wh.run(soundexMacro);
    // Floor: the blocking joins alone, written by hand on normalised keys (what any matcher pays before comparing a field).
    await timed('floor: blocking joins alone', async () => {
      await wh.run(`CREATE OR REPLACE TEMP TABLE b AS SELECT contact_id AS id, nullif(upper(regexp_replace(postcode, '\\s', '', 'g')), '') AS p,
        date_of_birth AS d, rapport_soundex(last_name) AS s, nullif(lower(strip_accents(trim(first_name))), '') AS f, year(date_of_birth) AS y FROM contacts`);
      return (await wh.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (
        SELECT x.id, y.id FROM b x JOIN b y ON x.id < y.id AND x.p = y.p AND x.s = y.s
        UNION SELECT x.id, y.id FROM b x JOIN b y ON x.id < y.id AND x.d = y.d
        UNION SELECT x.id, y.id FROM b x JOIN b y ON x.id < y.id AND x.s = y.s AND x.f = y.f AND x.y = y.y
        UNION SELECT x.id, y.id FROM b x JOIN b y ON x.id < y.id AND x.p = y.p AND x.f = y.f)`))[0]!.n;
    }, (n) => `${Number(n).toLocaleString('en')} pairs`);
    const now = new Date('2026-11-01T06:00:00Z');
    const describe = (r: Awaited<ReturnType<typeof buildMatchCandidates>>) =>
      `${r.records.toLocaleString('en')} contacts, ${r.candidates.toLocaleString('en')} candidates, ${r.scored.toLocaleString('en')} scored, ` +
      `${r.aboveThreshold.toLocaleString('en')} above the threshold, estimated ${r.estimated}, converged ${r.converged}, ` +
      `rules ${r.rules.map((x) => `${x.rule} ${x.pairs} pairs ${x.iterations} it.`).join('; ')}`;
    await timed('matching: estimate + score every pair', () => buildMatchCandidates(wh, match, { reestimate: true, now }), describe);
    await timed('matching: score every pair with the stored parameters', () => buildMatchCandidates(wh, match, { now }), describe);
    say(await matchQuality(wh, sampleDir));
    // A new day: the contacts updated on the last day arrive as a new file; only pairs with one of them are scored.
    const [{ since } = { since: '' }] = await wh.all<{ since: string }>(`SELECT max(_loaded_at)::VARCHAR AS since FROM contacts`);
    await copyFile(path.join(workDir, 'last-day', 'contacts.csv'), path.join(workDir, 'contacts', 'last-day.csv'));
    await timed('extract contacts of the last day', () => runSteps(wh, loaded, [extractStep('contacts')]));
    const [{ until } = { until: '' }] = await wh.all<{ until: string }>(`SELECT max(_loaded_at)::VARCHAR AS until FROM contacts`);
    await timed('matching: a new day with the stored parameters', () => buildMatchCandidates(wh, match, { since, until, now }), describe);
  } else if (phase === 'sentiment') {
    const channels = ['support', 'feedback', 'social'].map(channelByName);
    for (const channel of channels) await timed(`sentiment, first load: ${channel.table}`, () => fillSentiment(wh, channel), (r) => `${r.scored.toLocaleString('en')} texts`);
    // Floor: the library alone on the first 200,000 support and social texts, already in memory (no warehouse round trip).
    const texts = (await wh.all<{ t: string }>(`(SELECT text AS t FROM support_messages WHERE direction = 'inbound' AND trim(text) <> '' LIMIT 100000)
      UNION ALL (SELECT text FROM social_interactions WHERE trim(text) <> '' LIMIT 100000)`)).map((r) => r.t);
    await timed('floor: wink-nlp alone on texts in memory', async () => { for (const t of texts) scoreSentiment(t); return texts.length; }, (n) => `${n.toLocaleString('en')} texts`);
    // A new day: the last day's rows come back unscored, as the load's merge writes new rows.
    for (const channel of channels) await wh.run(`UPDATE ${channel.table} SET sentiment = NULL WHERE occurred_at >= TIMESTAMP '${lastDay}'`);
    for (const channel of channels) await timed(`sentiment, a new day: ${channel.table}`, () => fillSentiment(wh, channel), (r) => `${r.scored.toLocaleString('en')} texts`);
  } else {
    // customer_360 rebuilt from all history is the baseline: the daily run's own central aggregation, same invocation.
    await runSteps(wh, loaded, [customer360Step, ...satisfactionModelSteps, customerPreferencesStep, productRecommendationsStep], { rebuild: true });
  }
} finally {
  wh.close();
}
say(`${phase} done; peak RSS ${gib()} GiB`);
