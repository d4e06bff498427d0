// Output columns of probabilistic matching (transforms/match-candidates.ts). Not in `models` yet: the daily pipeline does not build them (tests/transforms/match-candidates.test.ts holds them to these declarations).
import { defineModel } from './model-contract.js';

const builtBy = 'buildMatchCandidates (transforms/match-candidates.ts), over the contacts channel';
const file = 'transforms/match-candidates.ts';
const level = (field: string) => ({ type: 'VARCHAR', nullable: true, meaning: `How the two ${field} values compare ('exact', ..., 'else'); NULL when either is missing.` } as const);

export const matchCandidates = defineModel({
  table: 'match_candidates', kind: 'table', oneRowPer: 'pair of contacts a blocking rule compares', file, builtBy,
  columns: {
    record_a: { type: 'VARCHAR', meaning: 'contact_id of the first contact (the smaller).' },
    record_b: { type: 'VARCHAR', meaning: 'contact_id of the second contact.' },
    blocking_rule: { type: 'VARCHAR', meaning: "The first blocking rule that compared them, its keys joined by '+' (e.g. 'postcode')." },
    first_name_level: level('first names'),
    last_name_level: level('last names'),
    date_of_birth_level: level('dates of birth'),
    email_level: level('emails'),
    phone_level: level('phones'),
    postcode_level: level('postcodes'),
    city_level: level('cities'),
    match_weight: { type: 'DOUBLE', meaning: 'log2 of the prior odds plus each present field level\'s log2(m/u).' },
    match_probability: { type: 'DOUBLE', meaning: 'Probability that the two contacts are one person (2^w / (1 + 2^w)).' },
  },
});

export const matchParameters = defineModel({
  table: 'match_parameters', kind: 'table', oneRowPer: 'compared field and level', file, builtBy,
  columns: {
    field: { type: 'VARCHAR', meaning: 'The compared field.' },
    level: { type: 'INTEGER', meaning: '0 for the best level, up to else.' },
    label: { type: 'VARCHAR', meaning: "What the level means ('exact', 'jaro-winkler >= 0.92', 'typo', 'else', ...)." },
    m: { type: 'DOUBLE', meaning: 'Share of pairs of one person at this level (estimated by EM).' },
    u: { type: 'DOUBLE', meaning: 'Share of pairs of different people at this level (from random pairs).' },
    match_weight: { type: 'DOUBLE', meaning: 'log2(m / u): the evidence this level adds.' },
  },
});

export const matchEstimate = defineModel({
  table: 'match_estimate', kind: 'table', oneRowPer: 'matching build (one row: the latest)', file, builtBy,
  columns: {
    records: { type: 'BIGINT', meaning: 'Contacts with something to compare.' },
    candidates: { type: 'BIGINT', meaning: 'Pairs the blocking rules compared.' },
    random_pairs: { type: 'BIGINT', meaning: 'Random pairs u was estimated from.' },
    iterations: { type: 'INTEGER', meaning: 'EM iterations run.' },
    converged: { type: 'BOOLEAN', meaning: 'False when EM stopped at em.maxIterations with parameters still moving.' },
    match_share: { type: 'DOUBLE', meaning: 'Estimated share of candidate pairs that are one person.' },
  },
});
