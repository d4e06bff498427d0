// The KPI page's CSS, inlined into index.html: a two-column grid on laptops, one column on phones and paper.

/** Inline stylesheet of the KPI report page. Colours pass WCAG AA on white; change colours also carry ▲/▼. */
export const pageStyle = `
  :root { --ink: #222; --muted: #555; --line: #e2e2e2; --blue: #0072B2; --good: #00704f; --bad: #b3261e; }
  * { box-sizing: border-box; }
  body { font-family: "DejaVu Sans", Verdana, system-ui, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1280px;
         padding: 1rem; line-height: 1.35; -webkit-text-size-adjust: 100%; }
  header.report { border-bottom: 3px solid var(--blue); padding-bottom: .5rem; margin-bottom: 1rem; }
  header.report h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
  .period { font-size: 1.1rem; margin: 0 0 .25rem; }
  .meta { color: var(--muted); font-size: .85rem; margin: .15rem 0; overflow-wrap: anywhere; }
  .warning { color: var(--bad); font-weight: bold; }
  table.freshness { margin-top: .5rem; }
  .sections { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 36rem), 1fr)); gap: 1rem; align-items: start; }
  section.kpi { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem 1rem; break-inside: avoid; page-break-inside: avoid; min-width: 0; }
  section.kpi h2 { font-size: 1.15rem; margin: 0 0 .2rem; }
  .definition { color: var(--muted); font-size: .85rem; margin: 0 0 .6rem; }
  .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 9rem), 1fr)); gap: .5rem; margin-bottom: .75rem; }
  .figure { background: #f7f9fb; border-radius: 6px; padding: .45rem .6rem; }
  .figure .label { font-size: .8rem; color: var(--muted); }
  .figure .value { font-size: 1.45rem; font-weight: bold; margin: .1rem 0; font-variant-numeric: tabular-nums; }
  .figure .change { font-size: .78rem; }
  .figure .change.good { color: var(--good); } .figure .change.bad { color: var(--bad); } .figure .change.neutral { color: var(--muted); }
  .figure .def { font-size: .72rem; color: var(--muted); margin-top: .25rem; }
  .chart svg { display: block; width: 100%; height: auto; }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; font-size: .82rem; width: 100%; }
  th, td { padding: .25rem .5rem; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  footer { color: var(--muted); font-size: .75rem; margin-top: 1.5rem; }
  @media (max-width: 600px) { body { padding: .6rem; } header.report h1 { font-size: 1.3rem; } .figure .value { font-size: 1.2rem; } }
  @page { size: A4; margin: 12mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 10pt; }
    .sections { display: block; }
    section.kpi { margin-bottom: 8mm; }
    .figure { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .table-wrap { overflow: visible; }
  }
`;
