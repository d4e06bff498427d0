import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/load-config.js';

const base = { sources: { orders: { connector: 'file', channel: 'orders', path: 'orders.csv' } } };
const parse = (extra: Record<string, unknown>) => parseConfig({ ...base, ...extra }, '/p/rapport.config.ts', {});

describe('segments and exports in the config', () => {
  it('accepts custom segments and export entries with every option, filling defaults', () => {
    const loaded = parse({
      segments: { 'Valuable at risk': { where: { all: [{ column: 'segment', op: 'eq', value: 'At Risk' }, { column: 'predicted_clv', op: 'gt', value: 200 }] } } },
      pipelines: { daily: { schedule: '0 6 * * *', exports: [
        { segment: 'At Risk' },
        { segment: 'Valuable at risk', format: 'parquet', hashed: true, platform: 'meta', phoneCountry: 'GB', sinceLast: true,
          webhook: { url: 'https://hooks.example/crm', tokenEnv: 'CRM_TOKEN' } },
      ] } },
    });
    expect(loaded.config.pipelines.daily?.exports[0]).toEqual({ segment: 'At Risk', format: 'csv', hashed: false, platform: 'google', sinceLast: false, bom: false, includeSuppressed: false });
    expect(loaded.config.pipelines.daily?.exports[1]?.webhook).toEqual({ url: 'https://hooks.example/crm', batchSize: 500, maxAttempts: 5, tokenEnv: 'CRM_TOKEN' });
  });

  it('rejects a bad filter naming the segment and the bad part', () => {
    expect(() => parse({ segments: { 'Valuable at risk': { where: { all: [{ column: 'predicted_clv', op: 'above', value: 200 }] } } } }))
      .toThrow(/segments\.Valuable at risk\.where\.all\.0\.op: unknown operator "above"/);
  });

  it('rejects a custom segment named like an RFM segment, and two exports to one file', () => {
    expect(() => parse({ segments: { 'at risk': { where: { column: 'orders', op: 'gt', value: 1 } } } }))
      .toThrow(/segments\.at risk: "at risk" is too close to the segment "At Risk"/);
    expect(() => parse({ pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'At Risk' }, { segment: 'at-risk' }] } } }))
      .toThrow(ConfigError);
  });
});
