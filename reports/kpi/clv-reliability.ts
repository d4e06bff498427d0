// How far the predicted-value figures can be trusted: customers the purchase model rests on, whether its fit
// converged, and how far off it was when tested on past data (the holdout check).
import type { Warehouse } from '../../warehouse/warehouse.js';
import { missingTable } from '../missing-table.js';
import type { ReportParams, Reliability } from '../report-section.js';
import { formatValue } from './figure-text.js';
import { clvCalibrationTable, clvModelsTable } from './upstream-tables.js';

/** Fewer customers who bought more than once than this, and the model's figures are flagged unreliable. */
export const MIN_REPEAT_BUYERS = 30;
/** A holdout error above this (|predicted / actual − 1|) is a caution; above twice this, unreliable. */
export const HOLDOUT_ERROR_CAUTION = 0.25;

/** The facts the reliability is judged from; NULL where the warehouse has no record. */
export interface ClvFitFacts {
  readonly customers: number | null;
  readonly repeatCustomers: number | null;
  /** NULL: not recorded; false also when the model could not be fitted at all. */
  readonly converged: boolean | null;
  /** Predicted / actual repeat purchases in the holdout check, NULL when the check has no result. */
  readonly holdoutRatio: number | null;
}

/** Reads the facts once per report build (memoised in `params.shared`): both predicted-value sections show them. */
export function clvFitFacts(wh: Warehouse, params: ReportParams): Promise<ClvFitFacts> {
  const key = 'clv-fit-facts';
  const known = params.shared?.get(key) as Promise<ClvFitFacts> | undefined;
  if (known) return known;
  const facts = queryFacts(wh);
  params.shared?.set(key, facts);
  return facts;
}

async function queryFacts(wh: Warehouse): Promise<ClvFitFacts> {
  let fit: { customers: number; repeat_customers: number; converged: boolean | null; fitted: boolean } | undefined;
  if ((await missingTable(wh, ...clvModelsTable)) === null) {
    [fit] = await wh.all(`SELECT customers, repeat_customers, bgnbd_converged AS converged, r IS NOT NULL AS fitted
                          FROM clv_models ORDER BY as_of DESC LIMIT 1`);
  }
  let holdoutRatio: number | null = null;
  if ((await missingTable(wh, ...clvCalibrationTable)) === null) {
    const [h] = await wh.all<{ predicted: number | null; actual: number | null; unpredicted: number }>(
      `SELECT sum(predicted)::DOUBLE AS predicted, sum(actual)::DOUBLE AS actual, count(*) FILTER (WHERE predicted IS NULL) AS unpredicted
       FROM clv_calibration WHERE customers > 0`);
    if (h && h.unpredicted === 0 && h.predicted !== null && h.actual) holdoutRatio = h.predicted / h.actual;
  }
  return {
    customers: fit?.customers ?? null,
    repeatCustomers: fit?.repeat_customers ?? null,
    converged: fit ? (fit.fitted ? fit.converged : false) : null,
    holdoutRatio,
  };
}

/**
 * Judges the facts: unreliable when the fit did not converge, rests on fewer than {@link MIN_REPEAT_BUYERS} repeat
 * buyers or was off by more than twice {@link HOLDOUT_ERROR_CAUTION} on past data; a caution when there is no
 * record of the fit or of a check, or the check was off by more than the caution limit; else ok. Plain words only.
 * @example judgeClvReliability({ customers: 900, repeatCustomers: 310, converged: true, holdoutRatio: 1.08 }).level; // 'ok'
 */
export function judgeClvReliability(f: ClvFitFacts): Reliability {
  const problems: string[] = [];
  const cautions: string[] = [];
  const parts: string[] = [];
  if (f.customers === null) cautions.push('there is no record of how the model was fitted');
  else {
    parts.push(`based on ${formatValue(f.customers, 'count')} customers, ${formatValue(f.repeatCustomers ?? 0, 'count')} of whom bought more than once`);
    if ((f.repeatCustomers ?? 0) < MIN_REPEAT_BUYERS) problems.push(`that is fewer than the ${MIN_REPEAT_BUYERS} repeat buyers a dependable estimate needs`);
    if (f.converged === false) problems.push('the model\'s fit did not settle on an answer');
    else if (f.converged === null) cautions.push('whether the model\'s fit settled on an answer was not recorded');
  }
  if (f.holdoutRatio === null) cautions.push('it has not been tested on past data yet');
  else {
    const error = f.holdoutRatio - 1;
    const tested = `tested on past data, it predicted ${formatValue(Math.abs(error), 'rate')} ${error >= 0 ? 'more' : 'fewer'} repeat purchases than happened`;
    if (Math.abs(error) > 2 * HOLDOUT_ERROR_CAUTION) problems.push(tested);
    else if (Math.abs(error) > HOLDOUT_ERROR_CAUTION) cautions.push(tested);
    else parts.push(tested);
  }
  const sentence = (items: string[]) => items.join('; ');
  if (problems.length > 0) {
    return { level: 'unreliable', text: `Unreliable: ${sentence([...problems, ...cautions, ...parts])}. Treat these figures as rough guesses.` };
  }
  if (cautions.length > 0) return { level: 'caution', text: `Use with care: ${sentence([...cautions, ...parts])}.` };
  return { level: 'ok', text: `Reliable: ${sentence(parts)}.` };
}

/** The reliability of the predicted-value figures for this report build. */
export async function clvReliability(wh: Warehouse, params: ReportParams): Promise<Reliability> {
  return judgeClvReliability(await clvFitFacts(wh, params));
}
