// The built-in satisfaction segments (issue 17): filters on customer_360 and clv_predictions, exported like any segment.
import type { CustomSegments } from './segment-catalogue.js';

/**
 * Segments every warehouse has once the daily pipeline ran. Each is a filter in the custom-segment language, so
 * export, suppression and the web pages treat it as any segment; a config segment of the same name replaces it.
 * "High predicted CLV" is a fixed 50 of the shop's currency over 12 months, as in the bundled "Valuable at risk".
 */
export const builtInSegments: CustomSegments = Object.freeze({
  Detractors: {
    description: 'latest NPS answer 0-6',
    where: { column: 'last_nps_score', op: 'between', value: [0, 6] },
  },
  'Unhappy valuable customers': {
    description: 'detractor or latest text negative, and predicted 12-month CLV over 50',
    where: { all: [
      { any: [{ column: 'last_nps_score', op: 'between', value: [0, 6] }, { column: 'sentiment', op: 'lt', value: 0 }] },
      { column: 'predicted_clv_12m', op: 'gt', value: 50 },
    ] },
  },
  'Waiting for an answer': {
    description: 'an open support conversation whose latest message is the customer\'s',
    where: { column: 'awaiting_answer', op: 'gt', value: 0 },
  },
});

/** The segments a name can resolve to besides the RFM ones: the config's, then the built-in ones it does not replace. */
export function withBuiltIns(custom: CustomSegments): CustomSegments {
  return { ...custom, ...Object.fromEntries(Object.entries(builtInSegments).filter(([name]) => !(name in custom))) };
}

/** Whether `name` is a built-in segment the config has not replaced. */
export const isBuiltIn = (name: string, custom: CustomSegments): boolean => name in builtInSegments && !(name in custom);
