// Public surface of the predictive CLV library (BG/NBD, Gamma-Gamma, CLV, holdout checks); pure, no I/O.

export { fitClv } from './fit-clv.js';
export type { ClvFitInput, ClvFitResult, ClvFitResultMaybeSpend } from './fit-clv.js';
export { summarizeTransactions, toDayNumber } from './summarize-transactions.js';
export type { CustomerSummary, DayInput, Period, SummarizeOptions, Transaction } from './summarize-transactions.js';
export { compressTriples } from './compress-triples.js';
export type { CompressedTriples, WeightedTriples } from './compress-triples.js';
export { fitBgNbd } from './bg-nbd.js';
export type { BgNbdFit, BgNbdFitOptions, Triples } from './bg-nbd.js';
export { bgNbdLogLikelihood } from './bg-nbd-likelihood.js';
export type { BgNbdParams } from './bg-nbd-likelihood.js';
export {
  conditionalExpectedPurchases,
  expectedPurchases,
  expectedPurchasesIfAlive,
  probabilityAlive,
  probabilityOfPurchases,
} from './bg-nbd-predict.js';
export { conditionalExpectedSpend, fitGammaGamma } from './gamma-gamma.js';
export type { GammaGammaFit, GammaGammaFitOptions } from './gamma-gamma.js';
export { gammaGammaLogLikelihood } from './gamma-gamma-likelihood.js';
export type { GammaGammaParams } from './gamma-gamma-likelihood.js';
export { customerLifetimeValue, discountedExpectedPurchases, discountedFromMonths, monthlyPurchasesIfAlive } from './customer-lifetime-value.js';
export type { LifetimeValueInput } from './customer-lifetime-value.js';
export type { FitClvOptions, LifetimeValueOptions } from './clv-options.js';
export { holdoutComparison } from './holdout-comparison.js';
export type { HoldoutComparison, HoldoutFrequencyRow, HoldoutInput } from './holdout-comparison.js';
export { hypergeometric2F1 } from './hypergeometric.js';
export { simulateBgNbd, simulateSpend } from './simulate-customers.js';
export type { SimulatedBgNbd, SimulateBgNbdOptions } from './simulate-customers.js';
export { ClvError } from './clv-error.js';
export type { ClvErrorPlace } from './clv-error.js';
export { standardErrors } from './standard-errors.js';
