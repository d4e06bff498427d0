// Smoke run of bench/channels.ts on a tiny sample: every phase ends well, every step it times succeeds, and the new day holds exactly the last day's contacts.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../sources/sample/index.js';
import { spawnScript } from '../helpers/spawn-process.js';

let dir = '';
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

async function phase(args: readonly string[]): Promise<string> {
  const child = spawnScript('bench/channels.ts', args);
  const code = await child.exited(120_000);
  const out = child.lines.join('\n');
  expect(code, out).toBe(0);
  return out;
}

describe('bench/channels.ts', () => {
  it('runs load, match, sentiment and models on a tiny sample and times each step', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-channels-'));
    const sample = path.join(dir, 'sample');
    await generateSample({ customers: 300, seed: 3, outDir: sample });
    const work = path.join(dir, 'work');

    const load = await phase(['load', sample, work]);
    for (const s of ['email', 'social', 'orders', 'support', 'feedback', 'products', 'contacts']) expect(load).toMatch(new RegExp(`^step extract:${s}: success, `, 'm'));
    expect(load).toMatch(/^step identities: success, .*"matchPairsScored":\d+/m);
    expect(load).toMatch(/^step customer_360: success, /m);

    const match = await phase(['match', work]);
    expect(match).toMatch(/^floor: blocking joins alone: [\d.]+ s wall/m);
    expect(match).toMatch(/^matching: estimate \+ score every pair: .*estimated true/m);
    expect(match).toMatch(/^matching: score every pair with the stored parameters: .*estimated false/m);
    expect(match).toMatch(/^precision [\d.]+ \(\d+ of \d+ linked\), recall [\d.]+/m);
    // The new day's file holds the contacts the generator stamped with the sample's last day, counted here from the CSV.
    const lastDay = (await readFile(path.join(sample, 'contacts.csv'), 'utf8')).trim().split('\n').slice(1).filter((l) => l.endsWith('Z') && l.split(',').at(-1)!.startsWith('2026-10-31')).length;
    expect(lastDay).toBeGreaterThan(0);
    expect(match).toContain(`step extract:contacts: success, `);
    expect(match).toMatch(new RegExp(`^step extract:contacts: success, .*, ${lastDay} rows out`, 'm'));
    expect(match).toMatch(/^matching: a new day with the stored parameters: /m);

    const sentiment = await phase(['sentiment', work]);
    for (const t of ['support_messages', 'survey_responses', 'social_interactions']) {
      expect(sentiment).toMatch(new RegExp(`^sentiment, first load: ${t}: .*; [\\d,]+ texts`, 'm'));
      expect(sentiment).toMatch(new RegExp(`^sentiment, a new day: ${t}: `, 'm'));
    }
    expect(sentiment).toMatch(/^floor: wink-nlp alone on texts in memory: /m);

    const models = await phase(['models', work]);
    for (const s of ['customer_360', 'support_responsiveness', 'satisfaction_scores', 'customer_sentiment', 'satisfaction_churn', 'customer_preferences', 'product_recommendations'])
      expect(models).toMatch(new RegExp(`^step ${s}: success, `, 'm'));
  }, 600_000);
});
