// Escaped HTML templates for the pages: hono/html's `html` tag (every interpolated value escaped unless it is markup
// built by `html` or `raw`), with dates shown as 'YYYY-MM-DD HH:MM:SS' (UTC) wherever a page interpolates one.
import { html as honoHtml, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Markup that is safe to insert as is (built by `html` or `raw`). */
export type SafeHtml = HtmlEscapedString;

/** Trusted markup, e.g. an SVG the app built itself. Never pass user input. */
export { raw };

/** A value as the pages show it: dates in UTC without the "T" and milliseconds, `true` as text (hono drops booleans). */
function shown(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').slice(0, 19);
  if (value === true) return 'true';
  return Array.isArray(value) ? value.map(shown) : value;
}

/**
 * A template tag that escapes every value (arrays are joined, null/undefined/false render as nothing).
 * @example html`<td>${customer.primary_email}</td>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return honoHtml(strings, ...values.map(shown)) as SafeHtml; // synchronous: the pages never interpolate a promise
}
