// Every model's output declaration in one list, and the typed Kysely `DB` interface derived from them.
// Contract only: nothing here runs, so any stage may import it (see tests/architecture.test.ts).
import type { ModelContract, RowOf } from './model-contract.js';
import { clvCalibration, clvModels, clvPredictions } from './clv.js';
import { churnMetrics } from './churn-metrics.js';
import { cohortRetention } from './cohort-retention.js';
import { customer360, customer360State, orderValues } from './customer-360.js';
import { customer360Builds, customer360Changes, customer360RecordOwners, customerModelState } from './customer-changes.js';
import { customerPreferences } from './customer-preferences.js';
import { cohortValue, customerValue } from './customer-value.js';
import { customerIds, customerRecords, identities, identityLinks, identityMergeRefusals, identityMerges } from './identities.js';
import { productModelBaskets, productPopularity, productRecommendations, productSimilarity } from './product-recommendations.js';
import { rfmHistory, rfmSegments } from './rfm-segments.js';
import { customerSegmentTransitions, segmentTransitions } from './segment-transitions.js';
import { satisfactionScores, supportResponsiveness } from './support-metrics.js';
import { customerSentiment, satisfactionChurn } from './satisfaction.js';

export type { ColumnDeclaration, ColumnOf, DuckDbType, JsValueOf, ModelContract, RowOf } from './model-contract.js';
export { columnDefinitions } from './model-contract.js';
export {
  churnMetrics, clvCalibration, clvModels, clvPredictions, cohortRetention, cohortValue, customer360, customer360State,
  customerIds, customerRecords, customerSegmentTransitions, customerValue, identities, identityLinks, identityMergeRefusals,
  identityMerges, orderValues, rfmHistory, rfmSegments, segmentTransitions,
  productRecommendations, satisfactionScores, supportResponsiveness, customerSentiment, satisfactionChurn, customerPreferences,
  customer360Builds, customer360Changes, customer360RecordOwners, customerModelState, productSimilarity, productPopularity, productModelBaskets,
};

/** Every declared model, in the order the daily pipeline builds them (the data dictionary lists them so). */
export const models = Object.freeze([
  identities, identityLinks, customerIds, identityMerges, identityMergeRefusals, customerRecords,
  orderValues, customer360, customer360State, customer360Builds, customer360Changes, customer360RecordOwners, customerModelState,
  rfmSegments, rfmHistory, segmentTransitions, customerSegmentTransitions,
  cohortRetention, churnMetrics, customerValue, cohortValue,
  clvPredictions, clvModels, clvCalibration,
  customerPreferences, productRecommendations, productSimilarity, productPopularity, productModelBaskets,
  supportResponsiveness, satisfactionScores, customerSentiment, satisfactionChurn,
] as const);

type Models = (typeof models)[number];

/** The warehouse's model tables as Kysely sees them: table name -> row type, derived from the declarations. */
export type DB = { [M in Models as M['table']]: RowOf<M> };

/** A declared model's table name. */
export type ModelTable = keyof DB;

/** The declaration of `table`, typed by name. */
export type ModelOf<T extends ModelTable> = Extract<Models, { table: T }>;

/** Looks up a declaration by table name (undefined for a table that is not a model). */
export function modelNamed(table: string): ModelContract | undefined {
  return models.find((m) => m.table === table);
}
