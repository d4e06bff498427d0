// The daily pipeline runs clv_predictions and clv_calibration after rfm_segments, on rich and on degenerate order files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { dailyPipeline } from '../../pipelines/daily.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { emailChannel, socialChannel } from '../../sources/contracts/index.js';
import { simulateBgNbd } from '../../transforms/clv/index.js';
import { Prng } from '../../shared/prng.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const header = 'order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at';

// BG/NBD histories (seeded) laid out on days from 2025-01-01: first purchase on day i mod 120, repeat
// purchases uniformly up to the simulated last one, holdout purchases uniformly after the calibration end.
function ordersCsv(customers: number, end: number, holdout: number): string {
  const firsts = Array.from({ length: customers }, (_, i) => i % 120);
  const sim = simulateBgNbd({ r: 0.8, alpha: 40, a: 0.8, b: 4 }, { customers, T: firsts.map((f) => end - holdout - f), holdoutLength: holdout, seed: 11 });
  const rng = new Prng(5);
  const random = () => rng.next();
  const lines = [header];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < customers; i++) {
    const f = firsts[i]!;
    const days = [f, ...Array.from({ length: sim.x[i]! }, (_, k) => f + Math.round(k === 0 ? sim.tx[i]! : random() * sim.tx[i]!))];
    for (let k = 0; k < sim.holdoutPurchases[i]!; k++) days.push(end - holdout + 1 + Math.floor(random() * holdout));
    days.forEach((day, k) => {
      const amount = (15 + ((i * 13 + k * 7) % 60)).toFixed(2);
      lines.push(`o${i}-${k},1,C${i},,,completed,EUR,SKU,1,${amount},${amount},${new Date(start + day * 86_400_000 + 3_600_000 * (i % 20)).toISOString()}`);
    });
  }
  return lines.join('\n') + '\n';
}

async function runDaily(csv: string, asOf: string, clv: Record<string, unknown> = {}) {
  const files = await t.files({ 'orders.csv': csv });
  const loaded = parseConfig({
    warehouse: 'warehouse.duckdb',
    outputs: { exports: 'exports', reports: 'reports' },
    sources: { orders: { connector: 'file', channel: 'orders', path: files['orders.csv'] } },
    analytics: { clv },
  }, `${t.dir}/rapport.config.ts`, {});
  for (const channel of [emailChannel, socialChannel]) await insertRows(t.warehouse, channel, []); // orders-only shop
  const logs: string[] = [];
  const outcome = await runPipeline(dailyPipeline(loaded), { warehouse: t.warehouse, loaded, params: { asOf }, log: (m) => logs.push(m) });
  const status = (name: string) => outcome.steps.find((s) => s.step === name);
  return { outcome, status, logs };
}

describe('daily pipeline: CLV steps', () => {
  it('refreshes clv_predictions, clv_models and clv_calibration after rfm_segments', async () => {
    const { outcome, status } = await runDaily(ordersCsv(400, 333, 60), '2025-12-01', { period: 'day', horizonDays: 30, holdoutDays: 60 });
    const names = outcome.steps.map((s) => s.step);
    expect(names.indexOf('clv_predictions')).toBeGreaterThan(names.indexOf('rfm_segments'));
    expect(status('clv_predictions')).toMatchObject({ status: 'success', result: { rowsOut: 400 } });
    expect(status('clv_calibration')).toMatchObject({ status: 'success', result: { rowsOut: 8 } });
    const [p] = await t.warehouse.all<{ n: number; horizon: number; as_of: string }>(
      'SELECT count(*) AS n, min(horizon_days) AS horizon, min(as_of) AS as_of FROM clv_predictions WHERE p_alive BETWEEN 0 AND 1 AND predicted_clv_12m >= 0');
    expect(p).toEqual({ n: 400, horizon: 30, as_of: '2025-12-01' });
    const [m] = await t.warehouse.all<Record<string, unknown>>('SELECT period, customers, bgnbd_converged, spend_model, warnings FROM clv_models');
    // The order amounts here are not Gamma-Gamma-like: the spend fit runs off to q → ∞ and the fallback is recorded.
    expect(m).toMatchObject({ period: 'day', customers: 400, bgnbd_converged: true, spend_model: 'observed-mean' });
    expect(m!.warnings).toEqual([expect.stringMatching(/^Gamma-Gamma fit did not converge .*: spend falls back/)]);
    const [c] = await t.warehouse.all<{ customers: number }>('SELECT sum(customers)::INTEGER AS customers FROM clv_calibration');
    expect(c!.customers).toBeGreaterThan(0);
  });

  it('succeeds with warnings instead of failing when the data is too thin to fit', async () => {
    const csv = [header, 'a1,1,A,,,completed,EUR,S,1,10,10,2025-03-01T10:00:00Z', 'b1,1,B,,,completed,EUR,S,1,20,20,2025-03-02T10:00:00Z'].join('\n');
    const { status, logs } = await runDaily(csv, '2025-04-01');
    expect(status('clv_predictions')).toMatchObject({ status: 'success', result: { rowsOut: 0 } });
    expect(status('clv_calibration')).toMatchObject({ status: 'success', result: { rowsOut: 0 } });
    expect(logs.join('\n')).toMatch(/clv_predictions: warning: none of the 2 customers made a repeat purchase/);
    expect(logs.join('\n')).toMatch(/clv_calibration: warning: not enough history/);
  });
});
