// The daily pipeline's satisfaction steps (issue 17): sentiment scoring after the extracts, then the support and survey models.
import { fillSentiment } from '../load/text-sentiment.js';
import type { Step } from '../runner/pipeline.js';
import { channelByName, references } from '../sources/contracts/index.js';
import { resolveAsOf } from '../transforms/as-of.js';
import { buildCustomerSentiment } from '../transforms/customer-sentiment.js';
import { buildSatisfactionChurn } from '../transforms/satisfaction-churn.js';
import { buildSatisfactionScores } from '../transforms/satisfaction-scores.js';
import { buildSupportResponsiveness } from '../transforms/support-responsiveness.js';

/** Scores the free text of the rows the extracts loaded (every configured channel with free text), before customer_360 reads it. */
export const sentimentStep = (dependsOn: readonly string[]): Step => ({
  name: 'sentiment',
  dependsOn,
  async run({ warehouse, loaded, log }) {
    // Reference sources (products) are not channels and carry no text to score.
    const names = [...new Set(Object.values(loaded.config.sources).map((s) => s.channel))].filter((n) => !Object.hasOwn(references, n));
    let scored = 0;
    for (const channel of names.map(channelByName).filter((c) => c.sentiment)) {
      const r = await fillSentiment(warehouse, channel);
      if (r.scored > 0) log(`${channel.table}: ${r.scored} texts scored`);
      scored += r.scored;
    }
    return { rowsOut: scored, facts: { textsScored: scored } };
  },
});

export const supportResponsivenessStep: Step = {
  name: 'support_responsiveness',
  dependsOn: ['sentiment'],
  async run({ warehouse, params, loaded }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildSupportResponsiveness(warehouse, { asOf, slaMinutes: loaded.config.analytics.supportSlaMinutes, businessHours: loaded.config.analytics.businessHours });
    return { rowsOut: r.rows };
  },
};

export const satisfactionScoresStep: Step = {
  name: 'satisfaction_scores',
  dependsOn: ['sentiment'],
  async run({ warehouse, params }) {
    const r = await buildSatisfactionScores(warehouse, { asOf: await resolveAsOf(warehouse, params.asOf) });
    return { rowsOut: r.rows };
  },
};

export const customerSentimentStep: Step = {
  name: 'customer_sentiment',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, log }) {
    const r = await buildCustomerSentiment(warehouse, { asOf: await resolveAsOf(warehouse, params.asOf), full: params.rebuild === true || params.fullRefresh === true });
    log(`${r.full ? `full build (${r.reason})` : 'incremental'}, ${r.recomputed} customers recomputed`);
    return { rowsOut: r.customers, facts: { sentimentBuild: r.full ? `full: ${r.reason}` : 'incremental', customersRecomputed: r.recomputed } };
  },
};

export const satisfactionChurnStep: Step = {
  name: 'satisfaction_churn',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, loaded }) {
    const { churnInactivityDays, supportSlaMinutes } = loaded.config.analytics;
    const r = await buildSatisfactionChurn(warehouse, { asOf: await resolveAsOf(warehouse, params.asOf), churnDays: churnInactivityDays, slaMinutes: supportSlaMinutes });
    return { rowsOut: r.rows };
  },
};

/** The model steps in the order the daily pipeline lists them, after customer_360 (`sentimentStep` goes before it). */
export const satisfactionModelSteps: readonly Step[] = [supportResponsivenessStep, satisfactionScoresStep, customerSentimentStep, satisfactionChurnStep];
