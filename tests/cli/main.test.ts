import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';

async function cli(argv: string[], cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('rapport CLI', () => {
  it('lists its commands with --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s+run\s+/m);
    expect(r.out).toMatch(/^\s+sample\s+/m);
  });

  it('gives each command its own --help', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: rapport run <pipeline>');
  });

  it('fails with a one-line reason and exit code 2 on an unknown command or option', async () => {
    const a = await cli(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.err).toBe('rapport: unknown command "frobnicate"; run rapport --help for the list');
    const b = await cli(['run', 'daily', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.err).toContain("Unknown option '--bogus'");
  });

  it('names the bad config key and what was expected', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-cli-'));
    const file = path.join(dir, 'rapport.config.mjs');
    await writeFile(file, `export default { sources: { orders: { connector: 'file', channel: 'orderz', path: 'x.csv' } },
      pipelines: { daily: { schedule: 'every day' } } };`);
    const r = await cli(['run', 'daily', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('sources.orders.channel');
    expect(r.err).toContain('pipelines.daily.schedule: expected a valid cron expression');
  });
});
