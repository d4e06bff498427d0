// Escaped HTML templates: every interpolated value is escaped unless it is already markup built by `html`.

/** Markup that is safe to insert as is (built by `html` or `raw`). */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Escapes text for use in HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Date) return escapeHtml(value.toISOString().replace('T', ' ').slice(0, 19));
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every value (arrays are joined, null/undefined/false render as nothing).
 * @example html`<td>${customer.primary_email}</td>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** Trusted markup, e.g. an SVG the app built itself. Never pass user input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
