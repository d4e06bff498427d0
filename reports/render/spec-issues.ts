// Turns zod's nested union issues from JSON-schema validation into a few readable, located spec problems.
import type { $ZodIssue } from 'zod/v4/core';
import type { SpecIssue } from './chart-render-error.js';

interface Leaf {
  readonly path: readonly PropertyKey[];
  readonly issue: $ZodIssue;
}

const MAX_ISSUES = 5;
const MAX_SHOWN_VALUE = 60;

/**
 * Picks the spec problems worth showing from zod issues. The Vega-Lite schema is a deep tree of `anyOf`s, so one
 * typo yields dozens of issues, one per alternative. Heuristic, like better-ajv-errors: keep issues about values
 * the spec actually has (an alternative that wanted a missing property is noise), report the deepest path, and
 * merge enum alternatives into one "expected one of" list.
 *
 * @example
 * summarizeSpecIssues(result.error.issues, spec); // [{ path: 'encoding.y.type', message: 'expected one of ...' }]
 */
export function summarizeSpecIssues(issues: readonly $ZodIssue[], input: unknown): readonly SpecIssue[] {
  const leaves = flatten(issues, []);
  const present = leaves.filter((l) => l.issue.code === 'unrecognized_keys' || lookup(input, l.path).found);
  if (present.length === 0) return missingProperty(leaves);
  const depth = Math.max(...present.map((l) => l.path.length));
  const groups = new Map<string, Leaf[]>();
  for (const leaf of present.filter((l) => l.path.length === depth)) {
    const key = leaf.path.map(String).join('.');
    groups.set(key, [...(groups.get(key) ?? []), leaf]);
  }
  return [...groups].slice(0, MAX_ISSUES).map(([path, group]) => ({ path, message: describe(group, input) }));
}

function flatten(issues: readonly $ZodIssue[], base: readonly PropertyKey[]): Leaf[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) return issue.errors.flatMap((branch) => flatten(branch, path));
    return [{ path, issue }];
  });
}

function lookup(input: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return { found: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value };
}

function describe(group: readonly Leaf[], input: unknown): string {
  const enumValues = new Set(group.flatMap((l) => (l.issue.code === 'invalid_value' ? l.issue.values : [])));
  const others = new Set(group.filter((l) => l.issue.code !== 'invalid_value').map((l) => l.issue.message));
  const parts = [
    ...(enumValues.size > 0 ? [`expected one of ${[...enumValues].map((v) => JSON.stringify(v)).join(' | ')}`] : []),
    ...others,
  ];
  const first = group[0];
  if (first === undefined || first.issue.code === 'unrecognized_keys') return parts.join('; or ');
  return `${parts.join('; or ')} (got ${shown(lookup(input, first.path).value)})`;
}

// Every alternative failed only because a property is absent: name the properties that would have satisfied one.
function missingProperty(leaves: readonly Leaf[]): readonly SpecIssue[] {
  const parentDepth = Math.max(0, ...leaves.map((l) => l.path.length - 1));
  const atParent = leaves.filter((l) => l.path.length - 1 === parentDepth);
  const names = [...new Set(atParent.map((l) => String(l.path[parentDepth])))];
  const path = (atParent[0]?.path ?? []).slice(0, parentDepth).map(String).join('.');
  return [{ path, message: `missing a required property: one of ${names.map((n) => `"${n}"`).join(', ')}` }];
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}…` : text;
}
