// The technical names a report for leadership keeps out of its text (tables, models, measures), and the glossary
// entries that explain them at the end of the report.
import { channels } from '../sources/contracts/index.js';
import { models, satisfactionScores, supportResponsiveness, type ModelContract } from '../transforms/contracts/index.js';
import type { GlossaryEntry } from './report-section.js';

/** Names of statistical models and measures that mean nothing to a reader without the glossary. */
export const modelTerms: readonly GlossaryEntry[] = Object.freeze([
  { term: 'BG/NBD', meaning: 'Beta-geometric / negative binomial distribution: the statistical model that estimates, from when and how often each customer bought, whether they are still buying and how often they will buy.' },
  { term: 'Gamma-Gamma', meaning: 'The statistical model that estimates how much a customer spends per order, from their past orders.' },
  { term: 'P(alive)', meaning: 'The BG/NBD model\'s probability that a customer is still buying ("chance still buying" in the report).' },
  { term: 'CLV', meaning: 'Customer lifetime value: here, the predicted net revenue of a customer over the next 12 months ("predicted customer value").' },
  { term: 'RFM', meaning: 'Recency, frequency, monetary: each customer is scored 1 to 5 on how recently, how often and how much they bought; named segments (Champions, At Risk, ...) are ranges of these scores.' },
]);

/** Every warehouse table a report could name: the declared models and the channels' tables. */
function tableNames(): string[] {
  return [
    ...models.map((m) => m.table), satisfactionScores.table, supportResponsiveness.table,
    ...Object.values(channels).map((c) => c.table),
  ];
}

/**
 * Every technical name that must not appear in a report's text outside its glossary: table names and model names.
 * @example technicalTerms().includes('clv_predictions'); // true
 */
export function technicalTerms(): string[] {
  return [...new Set([...tableNames(), ...modelTerms.map((t) => t.term)])];
}

/**
 * The technical terms found in `text` (tables as whole words, model names as written), for tests and checks.
 * @example findTechnicalTerms('Sum of predicted_clv_12m from clv_predictions'); // ['clv_predictions']
 */
export function findTechnicalTerms(text: string): string[] {
  return technicalTerms().filter((term) => new RegExp(`(^|[^A-Za-z0-9_])${term.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(text));
}

/**
 * The glossary entry of a declared model's table: what one row is and what builds it, from its declaration.
 * @example tableTerm(churnMetrics); // { term: 'churn_metrics', meaning: 'Warehouse table, one row per month ...' }
 */
export function tableTerm(model: Pick<ModelContract, 'table' | 'oneRowPer' | 'builtBy'>): GlossaryEntry {
  return Object.freeze({ term: model.table, meaning: `Warehouse table, one row per ${model.oneRowPer}; built by ${model.builtBy}.` });
}

/** The glossary entry of a model name from {@link modelTerms}. */
export function modelTerm(term: (typeof modelTerms)[number]['term']): GlossaryEntry {
  const entry = modelTerms.find((t) => t.term === term);
  if (!entry) throw new Error(`no glossary entry for the model term "${term}"`);
  return entry;
}

/** Entries merged by term (first meaning wins), sorted case-insensitively, so each name is explained once. */
export function mergeGlossary(entries: readonly GlossaryEntry[]): GlossaryEntry[] {
  const byTerm = new Map<string, GlossaryEntry>();
  for (const e of entries) if (!byTerm.has(e.term)) byTerm.set(e.term, e);
  return [...byTerm.values()].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
}
