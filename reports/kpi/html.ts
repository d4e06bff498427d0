// The self-contained HTML page of the KPI report: inline CSS and inline SVG, nothing fetched when it is opened.

export interface RenderedSection {
  readonly id: string;
  readonly title: string;
  readonly definition: string;
  readonly svg: string;
}

export interface KpiHeader {
  readonly asOf: string;
  readonly runId: string;
  readonly generatedAt: string;
  readonly figures: readonly { readonly label: string; readonly value: string }[];
  readonly freshness: readonly { readonly source: string; readonly newest: string | null }[];
}

const css = `
  body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; color: #222; }
  header { border-bottom: 2px solid #0072B2; margin-bottom: 1rem; }
  .meta { color: #555; font-size: .9rem; }
  .figures { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
  .figure { border: 1px solid #ddd; border-radius: 6px; padding: .5rem .75rem; min-width: 9rem; }
  .figure b { display: block; font-size: 1.4rem; }
  section { margin: 1.5rem 0; break-inside: avoid; }
  section svg { max-width: 100%; height: auto; }
  .definition { color: #555; font-size: .9rem; margin: .25rem 0 .5rem; }
  table { border-collapse: collapse; font-size: .85rem; }
  td, th { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
  @media print { body { max-width: none; } a { color: inherit; } }
`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Renders the whole report page. SVGs are trusted (we rendered them); every other text is escaped. */
export function kpiHtml(header: KpiHeader, sections: readonly RenderedSection[]): string {
  const e = escapeHtml;
  const figures = header.figures.map((f) => `<div class="figure">${e(f.label)}<b>${e(f.value)}</b></div>`).join('');
  const fresh = header.freshness.map((f) => `<tr><td>${e(f.source)}</td><td>${e(f.newest ?? 'no data')}</td></tr>`).join('');
  const body = sections
    .map((s) => `<section id="${e(s.id)}"><h2>${e(s.title)}</h2><p class="definition">${e(s.definition)}</p>${s.svg}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapport KPI report as of ${e(header.asOf)}</title><style>${css}</style></head>
<body><header><h1>Customer KPIs</h1>
<p class="meta">As of ${e(header.asOf)} (data up to the day before) · run ${e(header.runId)} · generated ${e(header.generatedAt)}</p></header>
<div class="figures">${figures}</div>
<details><summary>Data freshness (newest record per channel)</summary><table><tr><th>Channel</th><th>Newest record (UTC)</th></tr>${fresh}</table></details>
${body}
</body></html>
`;
}
