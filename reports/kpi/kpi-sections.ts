// The sections of the KPI report, in reading order: money and customers first, models and channels after.
import type { ReportSection } from '../report-section.js';
import { bgnbdCalibration } from './sections/bgnbd-calibration.js';
import { churnRate } from './sections/churn-rate.js';
import { clvDistribution } from './sections/clv-distribution.js';
import { cohortRetention } from './sections/cohort-retention.js';
import { customers } from './sections/customers.js';
import { customersAtRisk } from './sections/customers-at-risk.js';
import { emailFunnel } from './sections/email-funnel.js';
import { revenueOrders } from './sections/revenue-orders.js';
import { segmentSizes } from './sections/segment-sizes.js';
import { segmentTransitions } from './sections/segment-transitions.js';
import { socialEngagement } from './sections/social-engagement.js';
import { supportResponsiveness } from './sections/support-responsiveness.js';
import { satisfactionTrend } from './sections/satisfaction-trend.js';
import { sentiment } from './sections/sentiment.js';
import { churnByNps } from './sections/churn-by-nps.js';

/** Every section of the KPI report; adding a section here adds it to the page and to the chart files. */
export const kpiSections: readonly ReportSection[] = Object.freeze([
  revenueOrders,
  customers,
  churnRate,
  segmentSizes,
  segmentTransitions,
  cohortRetention,
  clvDistribution,
  customersAtRisk,
  emailFunnel,
  socialEngagement,
  bgnbdCalibration,
  supportResponsiveness,
  satisfactionTrend,
  sentiment,
  churnByNps,
]);
