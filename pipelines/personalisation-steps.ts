// The daily pipeline's personalisation steps: customer_preferences and product_recommendations (issue 21).
import type { Step } from '../runner/pipeline.js';
import { resolveAsOf } from '../transforms/as-of.js';
import { buildCustomerPreferences } from '../transforms/customer-preferences.js';
import { buildProductRecommendations } from '../transforms/product-recommendations.js';

/**
 * `customer_preferences`, a full rebuild each run (one pass over orders, opens and clicks: seconds at 1M customers,
 * so the incremental run rebuilds it too and equals a full run by construction). Send times are in the daily
 * pipeline's time zone, the shop's.
 */
export const customerPreferencesStep: Step = {
  name: 'customer_preferences',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, loaded }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildCustomerPreferences(warehouse, { asOf, timezone: loaded.config.pipelines.daily?.timezone ?? 'UTC', ...loaded.config.analytics.preferences });
    return { rowsOut: r.customers, facts: { withSendTime: r.withSendTime, withCategory: r.withCategory } };
  },
};

/** `product_recommendations` with `analytics.recommendations` (default 5 per customer, 90 days excluded), a full rebuild each run. */
export const productRecommendationsStep: Step = {
  name: 'product_recommendations',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, loaded }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildProductRecommendations(warehouse, { asOf, ...loaded.config.analytics.recommendations });
    return { rowsOut: r.rows, facts: { customersRecommended: r.customers, similar: r.similar } }; // not `customers`: that fact is customer_360's count
  },
};
