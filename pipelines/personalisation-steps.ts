// The daily pipeline's personalisation steps: customer_preferences and product_recommendations (issue 21).
import type { Step } from '../runner/pipeline.js';
import { resolveAsOf } from '../transforms/as-of.js';
import { buildCustomerPreferences } from '../transforms/customer-preferences.js';
import { buildProductRecommendations } from '../transforms/product-recommendations.js';

/**
 * `customer_preferences` for the customers customer_360 recomputed (all of them on a first build, a full refresh or
 * a rebuild, or when settings or categories changed). Send times of customers whose own zone is not known are in the
 * daily pipeline's time zone, the shop's.
 */
export const customerPreferencesStep: Step = {
  name: 'customer_preferences',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, loaded, log }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildCustomerPreferences(warehouse, {
      asOf, timezone: loaded.config.pipelines.daily?.timezone ?? 'UTC', ...loaded.config.analytics.preferences,
      full: params.rebuild === true || params.fullRefresh === true,
    });
    log(`${r.full ? `full build (${r.reason})` : 'incremental'}, ${r.recomputed} customers recomputed`);
    return { rowsOut: r.customers, facts: { withSendTime: r.withSendTime, withCategory: r.withCategory, preferencesBuild: r.full ? `full: ${r.reason}` : 'incremental', customersRecomputed: r.recomputed } };
  },
};

/**
 * `product_recommendations` with `analytics.recommendations` (default 5 per customer, 90 days excluded): the customers
 * customer_360 recomputed are rescored with the stored model, everyone when the model is refreshed (a new week by
 * default), on a first build, a rebuild, or new settings or catalogue.
 */
export const productRecommendationsStep: Step = {
  name: 'product_recommendations',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, loaded, log }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildProductRecommendations(warehouse, {
      asOf, ...loaded.config.analytics.recommendations, full: params.rebuild === true || params.fullRefresh === true,
    });
    log(`${r.full ? `full build (${r.reason})` : 'incremental'}, ${r.recomputed} customers rescored, model of purchases before ${r.modelDate}`);
    // not `customers`: that fact is customer_360's count
    return { rowsOut: r.rows, facts: { customersRecommended: r.customers, similar: r.similar, recommendationsBuild: r.full ? `full: ${r.reason}` : 'incremental', customersRescored: r.recomputed } };
  },
};
