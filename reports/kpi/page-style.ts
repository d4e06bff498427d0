// The KPI page's CSS, inlined into index.html: a two-column grid on laptops, one column on phones and paper.

/**
 * Inline stylesheet of the KPI report page. Colours pass WCAG AA on white; change colours also carry ▲/▼.
 * Print: every section is one unbreakable block of at most two thirds of an A4 page (charts are capped in height),
 * so a page only ends early when the next section does not fit, and is then more than a third full.
 */
export const pageStyle = `
  :root { --ink: #222; --muted: #555; --line: #e2e2e2; --blue: #0072B2; --good: #00704f; --bad: #b3261e; --care: #8a5a00; }
  * { box-sizing: border-box; }
  body { font-family: "DejaVu Sans", Verdana, system-ui, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1280px;
         padding: 1rem; line-height: 1.35; -webkit-text-size-adjust: 100%; }
  header.report { border-bottom: 3px solid var(--blue); padding-bottom: .5rem; margin-bottom: 1rem; }
  header.report h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
  .period { font-size: 1.1rem; margin: 0 0 .25rem; }
  .meta { color: var(--muted); font-size: .85rem; margin: .15rem 0; overflow-wrap: anywhere; }
  .muted { color: var(--muted); }
  .warning { color: var(--bad); font-weight: bold; }
  section.summary { border: 2px solid var(--blue); border-radius: 8px; padding: .75rem 1rem; margin-bottom: 1rem; break-inside: avoid; }
  section.summary h2 { font-size: 1.25rem; margin: 0 0 .4rem; }
  section.summary h3 { font-size: 1rem; margin: .6rem 0 .2rem; }
  section.summary ul { margin: .2rem 0; padding-left: 1.2rem; }
  section.summary li { margin: .15rem 0; }
  section.summary li a { color: inherit; text-decoration: none; }
  ul.moves li.good::marker { color: var(--good); } ul.moves li.bad::marker { color: var(--bad); }
  ul.moves li.good a { border-left: 4px solid var(--good); padding-left: .35rem; }
  ul.moves li.bad a { border-left: 4px solid var(--bad); padding-left: .35rem; }
  ul.moves li.neutral a { border-left: 4px solid var(--line); padding-left: .35rem; }
  .all-clear { color: var(--good); }
  .commentary { background: #f7f9fb; border-radius: 6px; padding: .4rem .75rem; margin-top: .6rem; }
  .commentary p { margin: .3rem 0; white-space: pre-line; }
  .sections { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 36rem), 1fr)); grid-auto-flow: row dense; gap: 1rem; align-items: start; }
  section.kpi { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem 1rem; break-inside: avoid; page-break-inside: avoid; min-width: 0; }
  section.kpi.wide { grid-column: 1 / -1; }
  section.kpi h2 { font-size: 1.15rem; margin: 0 0 .2rem; }
  .definition { color: var(--muted); font-size: .85rem; margin: 0 0 .6rem; }
  .reliability { font-size: .82rem; margin: 0 0 .6rem; padding: .3rem .5rem; border-radius: 4px; border-left: 4px solid var(--good); background: #f3f8f5; }
  .reliability.caution { border-left-color: var(--care); background: #fbf6ec; color: var(--care); }
  .reliability.unreliable { border-left-color: var(--bad); background: #fbefee; color: var(--bad); font-weight: bold; }
  .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 9rem), 1fr)); gap: .5rem; margin-bottom: .75rem; }
  .figure { background: #f7f9fb; border-radius: 6px; padding: .45rem .6rem; }
  .figure.flagged { outline: 2px dashed var(--bad); }
  .figure .flag { color: var(--bad); font-size: 1rem; }
  .figure .label { font-size: .8rem; color: var(--muted); }
  .figure .value { font-size: 1.45rem; font-weight: bold; margin: .1rem 0; font-variant-numeric: tabular-nums; }
  .figure .change { font-size: .78rem; }
  .year-ago-note { font-size: .78rem; color: var(--muted); margin: .2rem 0 0; }
  .figure .change.good { color: var(--good); } .figure .change.bad { color: var(--bad); } .figure .change.neutral { color: var(--muted); }
  .figure .def { font-size: .72rem; color: var(--muted); margin-top: .25rem; }
  .chart svg { display: block; width: 100%; height: auto; max-height: 70vh; }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; font-size: .82rem; width: 100%; }
  th, td { padding: .25rem .5rem; border-bottom: 1px solid var(--line); text-align: left; }
  td { white-space: nowrap; }
  th { vertical-align: bottom; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  section.sources, section.glossary { margin-top: 1.5rem; border-top: 1px solid var(--line); padding-top: .5rem; }
  section.sources h2, section.glossary h2 { font-size: 1.1rem; }
  section.glossary dl { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; font-size: .85rem; }
  section.glossary dt { font-weight: bold; overflow-wrap: anywhere; }
  section.glossary dd { margin: 0; color: var(--muted); }
  section.glossary .notes { font-size: .85rem; color: var(--muted); overflow-wrap: anywhere; }
  footer { color: var(--muted); font-size: .75rem; margin-top: 1.5rem; }
  @media (max-width: 600px) {
    body { padding: .6rem; } header.report h1 { font-size: 1.3rem; } .figure .value { font-size: 1.2rem; }
    section.glossary dl { grid-template-columns: 1fr; } section.glossary dd { margin-bottom: .4rem; }
    td { white-space: normal; }
  }
  @page { size: A4; margin: 12mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 9.5pt; }
    .sections { display: block; }
    /* Figures beside the chart: a section is about a third of a page, so two or three share one. */
    section.kpi { margin-bottom: 4mm; padding: .5rem .75rem .6rem; display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); column-gap: 4mm; align-items: start; }
    section.kpi > h2, section.kpi > .definition, section.kpi > .reliability, section.kpi > .table-wrap { grid-column: 1 / -1; }
    section.kpi > .figures { grid-column: 1; grid-template-columns: repeat(2, minmax(0, 1fr)); margin-bottom: 0; }
    section.kpi > .chart { grid-column: 2; }
    section.kpi.wide > .figures { grid-column: 1 / -1; grid-template-columns: repeat(4, minmax(0, 1fr)); margin-bottom: .4rem; }
    section.summary, section.kpi { break-inside: avoid; }
    .figure { padding: .3rem .45rem; } .figure .value { font-size: 1.15rem; } .figure .def { font-size: .62rem; line-height: 1.2; }
    .definition { margin-bottom: .35rem; }
    .chart svg { max-height: 75mm; }
    .figure, .reliability, .commentary { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .table-wrap { overflow: visible; }
    td { white-space: normal; }
  }
`;
