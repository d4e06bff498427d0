// The `daily` pipeline: extract every source, resolve customers, score segments, export them, write the KPI report.
import type { LoadedConfig } from '../config/load-config.js';
import type { Pipeline } from '../runner/pipeline.js';
import {
  cohortStep, customer360Step, exportSegmentStep, extractStep, identitiesStep, kpiReportStep, rfmStep,
  segmentTransitionsStep, churnStep, customerValueStep, clvCalibrationStep, clvPredictionsStep,
} from './steps.js';
import { withRetention } from './retention-step.js';
import { satisfactionModelSteps, sentimentStep } from './satisfaction-steps.js';
import { customerPreferencesStep, productRecommendationsStep } from './personalisation-steps.js';
import { references } from '../sources/contracts/index.js';

/** 06:00 UTC every day, unless `pipelines.daily` in the config says otherwise. */
export const dailyDefaults = Object.freeze({ schedule: '0 6 * * *', timezone: 'UTC' });

export function dailyPipeline(loaded: LoadedConfig): Pipeline {
  const settings = loaded.config.pipelines.daily;
  const sources = settings?.sources ?? Object.keys(loaded.config.sources);
  const extracts = sources.map(extractStep);
  // A reference source (products) carries no identifiers: identity resolution does not wait for it.
  const channelExtracts = extracts.filter((_, i) => !Object.hasOwn(references, loaded.config.sources[sources[i]!]?.channel ?? ''));
  return withRetention(loaded, Object.freeze({
    name: 'daily',
    schedule: settings?.schedule ?? dailyDefaults.schedule,
    timezone: settings?.timezone ?? dailyDefaults.timezone,
    steps: [
      ...extracts,
      identitiesStep(channelExtracts.map((s) => s.name)),
      sentimentStep(channelExtracts.map((s) => s.name)),
      { ...customer360Step, dependsOn: [...customer360Step.dependsOn, 'sentiment'] }, // customer_360's sentiment reads the scores
      ...satisfactionModelSteps,
      rfmStep,
      segmentTransitionsStep,
      cohortStep,
      churnStep,
      customerValueStep,
      customerPreferencesStep,
      productRecommendationsStep,
      clvPredictionsStep,
      clvCalibrationStep,
      // Custom segments may filter on CLV; audience columns come from the personalisation tables too.
      ...(settings?.exports ?? []).map((e) => exportSegmentStep(e, ['rfm_segments', 'clv_predictions', 'customer_preferences', 'product_recommendations'])),
      // The report's satisfaction sections read these tables: never last run's next to this run's.
      { ...kpiReportStep, dependsOn: [...kpiReportStep.dependsOn, 'support_responsiveness', 'satisfaction_scores', 'customer_sentiment', 'satisfaction_churn'] },
    ],
  }));
}
