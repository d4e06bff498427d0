// The fields probabilistic matching compares and their levels (best first), as SQL over two normalised contacts `a` and `b`.

/** One compared field: its levels, tried in order; a pair that meets none is `else`, a pair missing either value has no level. */
export interface Comparison {
  readonly field: string;
  /** The record columns it reads, when not just `field`: the pair has no level when either side lacks all of them. */
  readonly columns?: readonly string[];
  readonly levels: readonly { readonly label: string; readonly when: string }[];
}

const exact = (f: string) => ({ label: 'exact', when: `a.${f} = b.${f}` });
const jw = (f: string, at: number) => ({ label: `jaro-winkler >= ${at}`, when: `jaro_winkler_similarity(a.${f}, b.${f}) >= ${at}` });
// A first name in the last name's place and the other way round ("Meyer, Vincent"), a common CRM data-entry slip,
// sometimes with a typo on top ("Patel, Maya" and "Maya Ptel").
const swapped = (f: string, other: string) => ({
  label: 'swapped', when: `jaro_winkler_similarity(a.${f}, b.${other}) >= 0.92 AND jaro_winkler_similarity(a.${other}, b.${f}) >= 0.92`,
});

/** The comparisons, in the order of `match_candidates`' level columns. */
export const comparisons: readonly Comparison[] = Object.freeze([
  { field: 'first_name', levels: [exact('first_name'), swapped('first_name', 'last_name'), jw('first_name', 0.92), jw('first_name', 0.8)] },
  { field: 'last_name', levels: [exact('last_name'), swapped('last_name', 'first_name'), jw('last_name', 0.92), jw('last_name', 0.8)] },
  {
    field: 'date_of_birth', levels: [exact('date_of_birth'), {
      // One digit typed wrong, or day and month swapped (04/05 vs 05/04): the same person more often than not.
      label: 'typo',
      when: `levenshtein(a.date_of_birth::VARCHAR, b.date_of_birth::VARCHAR) <= 1
             OR (year(a.date_of_birth) = year(b.date_of_birth) AND month(a.date_of_birth) = day(b.date_of_birth) AND day(a.date_of_birth) = month(b.date_of_birth))`,
    }],
  },
  {
    field: 'email', levels: [exact('email'), { label: 'levenshtein <= 2', when: 'levenshtein(a.email, b.email) <= 2' },
      // One person's addresses at two providers often keep the user name ("ivan_singh9268@..." and "ivansingh9268@...").
      { label: 'user name jaro-winkler >= 0.92', when: "jaro_winkler_similarity(split_part(a.email, '@', 1), split_part(b.email, '@', 1)) >= 0.92" }],
  },
  { field: 'phone', levels: [exact('phone')] },
  {
    // One comparison for the whole address: street, postcode and city disagree together when a person moves, and
    // counting them as three would weigh one move three times.
    field: 'address', columns: ['street', 'postcode', 'city'], levels: [
      { label: 'same street and postcode', when: 'a.street = b.street AND a.postcode = b.postcode' },
      { label: 'same postcode', when: 'a.postcode = b.postcode' },
      { label: 'same street and city', when: 'a.street = b.street AND a.city = b.city' },
      { label: 'same city', when: 'a.city = b.city' },
    ],
  },
]);

/** The level of `c` for the pair `a`, `b`: 0 for the first level, ..., `levels.length` for else, NULL when a value is missing. */
export function levelSql(c: Comparison): string {
  const missing = (side: string) => (c.columns ?? [c.field]).map((f) => `${side}.${f} IS NULL`).join(' AND ');
  return `CASE WHEN (${missing('a')}) OR (${missing('b')}) THEN NULL
    ${c.levels.map((l, i) => `WHEN ${l.when} THEN ${i}`).join(' ')} ELSE ${c.levels.length} END`;
}

/**
 * Every (field, level, label) with its starting m for EM: 0.1 for else, 0.7 for the best level (one person mostly
 * agrees exactly: a weaker start lets EM take "same surname" for "same person"), 0.2 shared by the levels between.
 */
export function levelRows(): { field: string; level: number; label: string; m0: number }[] {
  const start = (i: number, n: number) => (n === 1 ? 0.9 : i === 0 ? 0.7 : 0.2 / (n - 1));
  return comparisons.flatMap((c) => [
    ...c.levels.map((l, i) => ({ field: c.field, level: i, label: l.label, m0: start(i, c.levels.length) })),
    { field: c.field, level: c.levels.length, label: 'else', m0: 0.1 },
  ]);
}

/**
 * American Soundex as a DuckDB macro (DuckDB has no phonetic function): the first letter, then the digit codes of
 * the consonants, H and W ignored, vowels separating, runs of one code collapsed, three digits padded with 0.
 * RE2 has no back-references, so the runs are collapsed one digit at a time.
 */
export const soundexMacro = `CREATE OR REPLACE TEMP MACRO rapport_soundex(s) AS (
  CASE WHEN regexp_replace(upper(strip_accents(coalesce(s, ''))), '[^A-Z]', '', 'g') = '' THEN NULL ELSE (
    SELECT left(u, 1) || rpad(left(replace(substr(c, 2), '0', ''), 3), 3, '0')
    FROM (SELECT u, ${[1, 2, 3, 4, 5, 6].reduce((x, d) => `regexp_replace(${x}, '${d}+', '${d}', 'g')`,
      "translate(u, 'AEIOUYBFPVCGJKQSXZDTLMNRHW', '000000111122222222334556')")} AS c
          FROM (SELECT regexp_replace(upper(strip_accents(s)), '[^A-Z]', '', 'g') AS u))) END)`;
