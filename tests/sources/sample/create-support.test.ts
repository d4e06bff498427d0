// The sample's support and survey files: they load without quarantine, leave some conversations unanswered, and
// unhappy customers (those who contact support) score lower; the older sample files do not change because of them.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../../load/load.js';
import { channelByName } from '../../../sources/contracts/index.js';
import { fileSource } from '../../../sources/file/index.js';
import { FileSourceConfig } from '../../../sources/file/schema.js';
import { generateSample } from '../../../sources/sample/index.js';
import { buildSatisfactionScores } from '../../../transforms/satisfaction-scores.js';
import { buildSupportResponsiveness } from '../../../transforms/support-responsiveness.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
const loaded: Record<string, unknown> = {};
beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 1500, seed: 3, outDir: path.join(t.dir, 'sample') });
  for (const [channel, file] of [['support', 'support_messages.csv'], ['feedback', 'survey_responses.csv']] as const) {
    const config = FileSourceConfig.parse({ connector: 'file', channel, path: path.join(t.dir, 'sample', file) });
    loaded[channel] = await extractAndLoad(t.warehouse, fileSource(channel, channelByName(channel), config, t.dir), `load-${channel}`);
  }
}, 120_000);
afterAll(async () => { await t.dispose(); });

describe('the sample support and survey files', () => {
  it('load completely: every row meets its contract', () => {
    expect(loaded.support).toMatchObject({ quarantined: 0 });
    expect(loaded.feedback).toMatchObject({ quarantined: 0 });
    expect((loaded.support as { loaded: number }).loaded).toBeGreaterThan(300);
    expect((loaded.feedback as { loaded: number }).loaded).toBeGreaterThan(200);
  });

  it('leave some conversations unanswered and answer chat faster than email', async () => {
    await buildSupportResponsiveness(t.warehouse, { asOf: '2026-12-01' });
    const [row] = await t.warehouse.all<{ unanswered: number; chat: number; email: number }>(`SELECT sum(unanswered)::INTEGER AS unanswered,
        median(first_response_median_minutes) FILTER (WHERE medium = 'chat') AS chat, median(first_response_median_minutes) FILTER (WHERE medium = 'email') AS email
      FROM support_responsiveness`);
    expect(row!.unanswered).toBeGreaterThan(0);
    expect(row!.chat).toBeLessThan(row!.email);
  });

  it('give lower NPS to customers who complained to support than to those who did not', async () => {
    const [row] = await t.warehouse.all<{ complained: number; others: number }>(`
      WITH complainers AS (SELECT DISTINCT lower(trim(email)) AS email FROM support_messages WHERE direction = 'inbound')
      SELECT avg(score) FILTER (WHERE lower(trim(email)) IN (SELECT email FROM complainers)) AS complained,
             avg(score) FILTER (WHERE lower(trim(email)) NOT IN (SELECT email FROM complainers)) AS others
      FROM survey_responses WHERE survey = 'nps'`);
    expect(row!.complained).toBeLessThan(row!.others - 1);
    await buildSatisfactionScores(t.warehouse, { asOf: '2026-12-01' });
    const [nps] = await t.warehouse.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM satisfaction_scores WHERE survey = 'nps'`);
    expect(nps!.n).toBeGreaterThan(3);
  });

  it('are CSV with the contract fields as header', async () => {
    const first = (f: string) => readFile(path.join(t.dir, 'sample', f), 'utf8').then((s) => s.slice(0, s.indexOf('\n')));
    expect(await first('support_messages.csv')).toBe('message_id,conversation_id,medium,direction,email,phone,handle,agent,text,status_after,occurred_at');
    expect(await first('survey_responses.csv')).toBe('response_id,survey,score,comment,email,phone,order_id,occurred_at');
  });
});
