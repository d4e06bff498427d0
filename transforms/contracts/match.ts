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
    address_level: { type: 'VARCHAR', nullable: true, meaning: "How the two addresses compare ('same street and postcode', 'same postcode', 'same street and city', 'same city', 'else'); NULL when either has no street, postcode and city." },
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
    rules: { type: 'INTEGER', meaning: "How many blocking rules' EM estimated m (averaged); 0: every rule compares only pairs that agree on the field, so m is the starting value." },
  },
});

export const matchEstimate = defineModel({
  table: 'match_estimate', kind: 'table', oneRowPer: 'estimate of the parameters (one row: the latest)', file, builtBy,
  columns: {
    records: { type: 'BIGINT', meaning: 'Contacts with something to compare, when estimated.' },
    candidates: { type: 'BIGINT', meaning: 'Pairs the blocking rules compared, when estimated.' },
    random_pairs: { type: 'BIGINT', meaning: 'Random pairs u was estimated from.' },
    iterations: { type: 'INTEGER', meaning: 'Most EM iterations any blocking rule ran.' },
    converged: { type: 'BOOLEAN', meaning: "False when some blocking rule's EM stopped at em.maxIterations with parameters still moving (see match_rules)." },
    match_share: { type: 'DOUBLE', meaning: 'Estimated share of candidate pairs that are one person (their mean match probability).' },
    prior: { type: 'DOUBLE', meaning: 'Estimated probability that two contacts drawn at random are one person: the prior of every match weight.' },
    config_hash: { type: 'VARCHAR', meaning: 'Fingerprint of the match config the estimate was made with (another one means estimating again).' },
    estimated_at: { type: 'TIMESTAMP', nullable: true, meaning: 'When the estimate was made (match.reestimateEvery counts from it).' },
  },
});

export const matchRules = defineModel({
  table: 'match_rules', kind: 'table', oneRowPer: 'blocking rule of the latest matching build', file, builtBy,
  columns: {
    rule: { type: 'VARCHAR', meaning: "The rule's keys joined by '+'." },
    pairs: { type: 'BIGINT', meaning: 'Candidate pairs that agree on every key of the rule (a pair may count for several rules).' },
    iterations: { type: 'INTEGER', meaning: "EM iterations of this rule's estimate (second pass)." },
    converged: { type: 'BOOLEAN', meaning: 'False when EM stopped at em.maxIterations with parameters still moving.' },
    match_share: { type: 'DOUBLE', meaning: "EM's share of the rule's pairs that are one person." },
    excluded: { type: 'VARCHAR', meaning: "Compared fields left out of this rule's EM (those its keys decide), comma-separated." },
  },
});
