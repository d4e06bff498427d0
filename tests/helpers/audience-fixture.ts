// Creates customer_360 and rfm_segments with their warehouse column types and a few customers, for sink tests.
import type { SqlParam, Warehouse } from '../../warehouse/warehouse.js';

export interface FixtureCustomer {
  readonly id: string;
  readonly email?: string | null;
  readonly phones?: readonly string[];
  readonly segment?: string | null;
  readonly monetary?: number;
  readonly frequency?: number;
  readonly lastOrderAt?: string;
  readonly unsubscribed?: boolean;
  readonly bounced?: boolean;
  readonly complained?: boolean;
}

/** Replaces customer_360 and rfm_segments with these customers (a customer with segment null has no RFM row). */
export async function seedAudience(wh: Warehouse, customers: readonly FixtureCustomer[], asOf = '2026-03-01'): Promise<void> {
  await wh.run(`
    CREATE OR REPLACE TABLE customer_360 (customer_id VARCHAR, primary_email VARCHAR, emails VARCHAR[], phones VARCHAR[],
      orders BIGINT, revenue DECIMAL(18,2), last_order_at TIMESTAMP, email_bounced BOOLEAN, email_unsubscribed BOOLEAN,
      email_complained BOOLEAN, as_of DATE);
    CREATE OR REPLACE TABLE rfm_segments (customer_id VARCHAR, recency_days BIGINT, frequency BIGINT, monetary DECIMAL(18,2),
      r_score INTEGER, f_score INTEGER, m_score INTEGER, fm_score INTEGER, segment VARCHAR, as_of DATE);`);
  for (const c of customers) {
    const email = c.email === undefined ? `${c.id}@example.com` : c.email;
    await wh.run(
      `INSERT INTO customer_360 VALUES ($1, $2, $3::VARCHAR[], $4::VARCHAR[], $5, $6, $7::TIMESTAMP, $8, $9, $10, $11::DATE)`,
      [c.id, email, (email ? [email] : []) as unknown as SqlParam, [...(c.phones ?? [])] as unknown as SqlParam,
        c.frequency ?? 1, c.monetary ?? 100, c.lastOrderAt ?? '2026-02-01 10:00:00', c.bounced ?? false, c.unsubscribed ?? false, c.complained ?? false, asOf],
    );
    if (c.segment !== null) {
      await wh.run(`INSERT INTO rfm_segments VALUES ($1, 30, $2, $3, 2, 3, 3, 3, $4, $5::DATE)`, [c.id, c.frequency ?? 1, c.monetary ?? 100, c.segment ?? 'At Risk', asOf]);
    }
  }
}

/** A clv_predictions table as the CLV transform will build it (the columns a filter may use), with these rows. */
export async function seedClv(wh: Warehouse, rows: readonly { id: string; clv: number; churnRisk: string }[]): Promise<void> {
  await wh.run(`CREATE OR REPLACE TABLE clv_predictions (customer_id VARCHAR, p_alive DOUBLE, expected_purchases DOUBLE,
    predicted_clv DOUBLE, churn_risk VARCHAR, as_of DATE)`);
  for (const r of rows) {
    await wh.run(`INSERT INTO clv_predictions VALUES ($1, 0.5, 1.2, $2, $3, DATE '2026-03-01')`, [r.id, r.clv, r.churnRisk]);
  }
}
