// What a first run prints reads as written by a person: one line from `rapport sample`, no step name repeated
// inside its own log line, and no "no figure for no earlier snapshot" in the first KPI report.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSources } from '../../sources/sample/index.js';
import { ago } from '../../web/pages/overview.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  t.warehouse.close(); // the CLI opens its own warehouse file
});
afterAll(async () => { await t.dispose(); });

describe('first-run messages', () => {
  it('rapport sample prints one line, and the whole summary only with --json', async () => {
    const r = await runCli(['sample', '--customers', '120', '--seed', '5', '--out', 'sample'], t.dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^sample of 120 customers \\(seed 5, \\d{4}-\\d{2}-\\d{2} to 2026-10-31\\) written to ${path.join(t.dir, 'sample')}: [\\d,]+ rows, [\\d,]+ of them malformed on purpose$`));
    const json = await runCli(['sample', '--customers', '120', '--seed', '5', '--out', 'sample-json', '--json'], t.dir);
    expect(JSON.parse(json.out)).toMatchObject({ customers: 120, seed: 5, outDir: path.join(t.dir, 'sample-json') });
  });

  it('a daily run logs no step name twice in one line, and the first report has no "no figure for no earlier snapshot"', async () => {
    const config = await writeConfig(t.dir, {
      warehouse: 'w.duckdb', sources: sampleSources('sample'), outputs: { exports: 'exports', reports: 'reports' },
      pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Champions' }] } },
    });
    const r = await runCli(['run', 'daily', '--verbose', '--config', config], t.dir);
    expect(r.code, r.err).toBe(0);
    const lines = r.err.split('\n');
    expect(lines.some((l) => l.startsWith('  export:champions.csv: ') && / rows \(exp-/.test(l))).toBe(true);
    expect(lines.filter((l) => /^\s*([\w:.-]+): \1: /.test(l))).toEqual([]);
    const html = await readFile(path.join(t.dir, 'reports', 'kpi', 'index.html'), 'utf8');
    expect(html).not.toContain('no figure for no');
    expect(html).toContain('no previous figure to compare with');
  }, 120_000);

  it('says how long ago a run ended the way a person would', () => {
    expect([0, 59_000, 60_000, 59 * 60_000, 3_600_000, 47 * 3_600_000, 50 * 3_600_000].map(ago))
      .toEqual(['just now', 'just now', '1 min ago', '59 min ago', '1 h ago', '47 h ago', '2 days ago']);
  });
});
