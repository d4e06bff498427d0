// Checks a Vega-Lite spec against the JSON schema that ships with vega-lite, before compiling it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { TopLevelSpec } from 'vega-lite';
import type { SpecIssue } from './chart-render-error.js';
import { summarizeSpecIssues } from './spec-issues.js';

let schema: z.ZodType | undefined;

// Built once per process: converting the 1.9 MB schema takes ~250 ms and the first parses warm it up further.
function vegaLiteSchema(): z.ZodType {
  if (schema === undefined) {
    const path = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
    // zod's converter is marked semi-experimental; it handles this draft-07 schema (refs, anyOf, additionalProperties).
    schema = z.fromJSONSchema(JSON.parse(readFileSync(path, 'utf8')) as z.core.JSONSchema.JSONSchema);
  }
  return schema;
}

/** The outcome of {@link checkChartSpec}: located problems, and zod's full error to keep as a `cause`. */
export interface SpecCheck {
  readonly issues: readonly SpecIssue[];
  readonly error?: z.ZodError;
}

/**
 * Checks `spec` against vega-lite's own JSON schema (`vega-lite/vega-lite-schema.json`), which catches what
 * `compile()` lets through or reports obscurely: unknown properties, misspelt enum values, wrong value types.
 * Throws nothing; an empty `issues` list means the spec is valid.
 *
 * @example
 * checkChartSpec({ mark: 'bar', encoding: { y: { field: 'n', type: 'quantitive' } } }).issues;
 * // [{ path: 'encoding.y.type', message: 'expected one of "quantitative" | ... (got "quantitive")' }]
 */
export function checkChartSpec(spec: TopLevelSpec): SpecCheck {
  const result = vegaLiteSchema().safeParse(spec);
  if (result.success) return Object.freeze({ issues: [] });
  return Object.freeze({ issues: summarizeSpecIssues(result.error.issues, spec), error: result.error });
}
