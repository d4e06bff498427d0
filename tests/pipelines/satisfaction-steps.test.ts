// The daily pipeline's satisfaction steps on a generated sample: every table filled, the backlog as defined, incremental equal to full.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { dailyPipeline } from '../../pipelines/daily.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { listSegments } from '../../sinks/segment-catalogue.js';
import { exportSegment } from '../../sinks/segment-export.js';
import { generateSample, sampleSources } from '../../sources/sample/index.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';
import { compareWarehouses } from '../helpers/compare-tables.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

const cutoff = '2026-09-01'; // support and survey rows from here on arrive in a second file, with one message corrected
const lineage = ['_source', '_location', '_record_no', '_run_id', '_loaded_at'];
const compared = {
  support_messages: lineage, survey_responses: lineage, social_interactions: lineage,
  customer_360: [], customer_sentiment: [], satisfaction_churn: [], support_responsiveness: [], satisfaction_scores: [],
};

let t: TempWarehouse;
let diffs: string[];
let secondRunScored: number;

/** A config whose support and feedback sources read every CSV of `data/<channel>/`. */
function config(dir: string) {
  const sources = { ...sampleSources('../sample'), support: { connector: 'file', channel: 'support', path: 'data/support/*.csv' },
    feedback: { connector: 'file', channel: 'feedback', path: 'data/feedback/*.csv' } };
  return parseConfig({ sources, outputs: { exports: 'exports', reports: 'reports' }, identity: { defaultCountry: 'DE', fallbackCountries: ['US'] } },
    path.join(dir, 'rapport.config.ts'), {});
}

/**
 * Splits a sample CSV by `occurred_at` (its last field; no record spans lines) into `part-1.csv` (before the cutoff)
 * and the lines of a second part, plus `correct`'s change of the first line of part 1 it changes.
 */
async function split(file: string, outDir: string, correct?: (line: string) => string) {
  const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const early = lines.filter((l) => l.slice(l.lastIndexOf(',') + 1) < cutoff);
  const late = lines.filter((l) => !early.includes(l));
  const corrected = correct ? early.map(correct).find((l, i) => l !== early[i]) : undefined;
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'part-1.csv'), [header, ...early].join('\n') + '\n');
  return [header, ...late, ...(corrected ? [corrected] : [])].join('\n') + '\n';
}

async function run(wh: Warehouse, dir: string, fullRefresh = false) {
  const outcome = await runPipeline(dailyPipeline(config(dir)), { warehouse: wh, loaded: config(dir), params: { fullRefresh } });
  expect(outcome.steps.filter((s) => s.status !== 'success').map((s) => `${s.step}: ${s.error ?? s.status}`)).toEqual([]);
  return outcome;
}

beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 300, seed: 7, outDir: path.join(t.dir, 'sample') });
  const parts: Record<string, string> = {};
  for (const project of ['inc', 'full']) {
    const data = path.join(t.dir, project, 'data');
    parts.support = await split(path.join(t.dir, 'sample', 'support_messages.csv'), path.join(data, 'support'),
      (l) => l.replace(',The zip broke after two weeks,', ',Thank you: great help and lovely people,'));
    parts.feedback = await split(path.join(t.dir, 'sample', 'survey_responses.csv'), path.join(data, 'feedback'));
  }
  const second = async (project: string) => {
    for (const ch of ['support', 'feedback'])
      await writeFile(path.join(t.dir, project, 'data', ch, 'part-2.csv'), parts[ch]!);
  };
  const inc = await openWarehouse(path.join(t.dir, 'inc', 'w.duckdb'));
  const full = await openWarehouse(path.join(t.dir, 'full', 'w.duckdb'));
  try {
    await run(inc, path.join(t.dir, 'inc'));
    await second('inc');
    const outcome = await run(inc, path.join(t.dir, 'inc'));
    secondRunScored = Number(outcome.steps.find((s) => s.step === 'sentiment')?.result?.rowsOut);
    await second('full');
    await run(full, path.join(t.dir, 'full'), true);
  } finally {
    inc.close();
    full.close();
  }
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  diffs = await compareWarehouses(c, path.join(t.dir, 'inc', 'w.duckdb'), path.join(t.dir, 'full', 'w.duckdb'), compared);
  c.closeSync();
  db.closeSync();
}, 600_000);
afterAll(async () => { await t?.dispose(); });

describe('the satisfaction steps of the daily pipeline', () => {
  it('leave the same tables after a run on new days (and a corrected message) as a full run on everything', () => {
    expect(diffs).toEqual([]);
    expect(secondRunScored).toBeGreaterThan(0);
  });

  it('scored the corrected message from its new text', async () => {
    const wh = await openWarehouse(path.join(t.dir, 'inc', 'w.duckdb'), { readOnly: true });
    try {
      const rows = await wh.all<{ sentiment: number }>(`SELECT sentiment FROM support_messages WHERE text = 'Thank you: great help and lovely people'`);
      expect(rows.length).toBe(1);
      expect(rows[0]!.sentiment).toBeGreaterThan(0);
    } finally {
      wh.close();
    }
  });

  it('fill every satisfaction table and score only the texts the contracts name', async () => {
    const wh = await openWarehouse(path.join(t.dir, 'full', 'w.duckdb'), { readOnly: true });
    try {
      const [n] = await wh.all<Record<string, number>>(`SELECT
        (SELECT count(*) FROM support_responsiveness) AS responsiveness, (SELECT count(*) FROM satisfaction_scores) AS scores,
        (SELECT count(*) FROM customer_sentiment) AS sentiment, (SELECT count(*) FROM satisfaction_churn WHERE customers > 0) AS churn_groups,
        (SELECT count(*) FROM support_messages WHERE direction = 'outbound' AND sentiment IS NOT NULL) AS outbound_scored,
        (SELECT count(*) FROM support_messages WHERE direction = 'inbound' AND text IS NOT NULL AND sentiment IS NULL) AS inbound_unscored,
        (SELECT count(*) FROM survey_responses WHERE (comment IS NULL) <> (sentiment IS NULL)) AS comments_mismatched,
        (SELECT count(*) FROM social_interactions WHERE sentiment IS NOT NULL) AS social_scored,
        (SELECT count(*) FROM customer_360 WHERE sentiment IS NOT NULL) AS customers_with_sentiment`);
      expect(n).toMatchObject({ outbound_scored: 0, inbound_unscored: 0, comments_mismatched: 0 });
      for (const k of ['responsiveness', 'scores', 'sentiment', 'churn_groups', 'social_scored', 'customers_with_sentiment']) expect(n![k], k).toBeGreaterThan(0);
    } finally {
      wh.close();
    }
  });

  it('give the backlog that counting each open conversation at each month end gives (the definition, row by row)', async () => {
    const wh = await openWarehouse(path.join(t.dir, 'full', 'w.duckdb'), { readOnly: true });
    try {
      // The definition written as directly as possible: every (month, conversation) pair, its status at the month's end.
      const direct = await wh.all(`WITH r AS (SELECT DISTINCT medium, month, least(month + INTERVAL 1 MONTH, as_of) AS period_end FROM support_responsiveness),
        opened AS (SELECT conversation_id, min(occurred_at) AS opened_at, arg_min(medium, occurred_at) AS medium FROM support_messages
                   WHERE direction = 'inbound' AND occurred_at < (SELECT max(as_of) FROM support_responsiveness) GROUP BY ALL)
        SELECT r.medium, r.month::VARCHAR AS month, count(o.conversation_id) FILTER (WHERE coalesce((SELECT arg_max(status_after, occurred_at) FROM support_messages s
                 WHERE s.conversation_id = o.conversation_id AND s.status_after IS NOT NULL AND s.occurred_at < r.period_end), 'open') NOT IN ('solved', 'closed'))::INTEGER AS backlog
        FROM r LEFT JOIN opened o ON o.medium = r.medium AND o.opened_at < r.period_end GROUP BY ALL ORDER BY month, medium`);
      const built = await wh.all(`SELECT medium, month::VARCHAR AS month, backlog_at_period_end::INTEGER AS backlog FROM support_responsiveness ORDER BY month, medium`);
      expect(built.length).toBeGreaterThan(6);
      expect(built).toEqual(direct);
    } finally {
      wh.close();
    }
  });

  it('offer the built-in segments, exported without suppressed customers like any segment', async () => {
    const wh = await openWarehouse(path.join(t.dir, 'full', 'w.duckdb'));
    try {
      const listed = (await listSegments(wh, {})).filter((x) => x.kind === 'built-in');
      expect(listed.map((x) => x.name)).toEqual(['Detractors', 'Unhappy valuable customers', 'Waiting for an answer']);
      // The definitions in docs/satisfaction.md, written again as SQL over the same tables.
      const members = {
        Detractors: 'c.last_nps_score BETWEEN 0 AND 6',
        'Unhappy valuable customers': '(c.last_nps_score BETWEEN 0 AND 6 OR c.sentiment < 0) AND v.predicted_clv_12m > 50',
        'Waiting for an answer': 'c.awaiting_answer > 0',
      };
      for (const [segment, where] of Object.entries(members)) {
        const [n] = await wh.all<{ all: number; emailable: number }>(`SELECT count(*) AS all,
            count(*) FILTER (WHERE c.primary_email IS NOT NULL AND NOT (c.email_unsubscribed OR c.email_bounced OR c.email_complained)) AS emailable
          FROM customer_360 c LEFT JOIN clv_predictions v USING (customer_id) WHERE ${where}`);
        expect(listed.find((x) => x.name === segment)).toMatchObject({ customers: n!.all, emailable: n!.emailable });
        const r = await exportSegment(wh, { segment, out: path.join(t.dir, `${segment}.csv`), format: 'csv' });
        expect(r.rows, segment).toBe(n!.emailable);
        if (segment !== 'Unhappy valuable customers') expect(n!.all, segment).toBeGreaterThan(0);
      }
      // A config segment of the same name replaces the built-in one.
      const replaced = await listSegments(wh, { Detractors: { where: { column: 'last_nps_score', op: 'eq', value: 0 } } });
      expect(replaced.filter((x) => x.name === 'Detractors').map((x) => x.kind)).toEqual(['custom']);
    } finally {
      wh.close();
    }
  });
});
