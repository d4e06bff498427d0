// `rapport report kpi`: writes the KPI report (HTML, charts, optionally PDF) from the warehouse as it is.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../config/load-config.js';
import { chromiumPath, ChromiumNotFoundError } from '../../reports/chromium.js';
import { kpiSections, writeKpiReport, writeReportPdf } from '../../reports/kpi/index.js';
import { analyticsAsOf } from '../../reports/kpi/report-header.js';
import { configuredChannels } from '../../pipelines/report-channels.js';
import { resolveAsOf } from '../../transforms/as-of.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command } from '../command.js';

const ReportArgs = z.object({
  report: z.literal('kpi', { error: (i) => `unknown report ${JSON.stringify(i.input ?? '')}; expected: kpi` }),
  'as-of': z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD').optional(),
  period: z.enum(['week', 'month', 'quarter'], { error: (i) => `--period: expected week, month or quarter, got ${JSON.stringify(i.input)}` }).default('week'),
  out: z.string().min(1).optional(),
  pdf: z.boolean().default(false),
  'allow-mismatch': z.boolean().default(false),
  sections: z.string().optional(),
  commentary: z.string().min(1).optional(),
  config: z.string().default('rapport.config.ts'),
});

export const reportCommand: Command = {
  name: 'report',
  summary: 'Write a report from the warehouse (e.g. `rapport report kpi --out DIR`)',
  help: `Usage: rapport report kpi [--as-of YYYY-MM-DD] [--allow-mismatch] [--period week|month|quarter] [--out DIR] [--pdf]
                        [--sections ID,ID...] [--commentary FILE] [--config FILE]

Writes the leadership KPI report from the warehouse as it is (it does not run the pipeline): index.html
(self-contained: inline CSS and SVG), each chart as <id>.svg, <id>.png and <id>.vl.json, and with --pdf
report.pdf printed by headless Chromium. Figures are for the last complete week, month or quarter before the
as-of date, each compared with the period before it; revenue, orders and customers also with the same period
a year earlier (or the report says the order history does not reach back that far).

Options:
  --as-of DATE     Report as of this date (exclusive). Default: the day after the latest order. The warehouse's
                   analytics tables must have been built as of the same date (rapport run daily --as-of DATE),
                   else the command exits 1 without writing.
  --allow-mismatch Write the report even when --as-of differs from the analytics tables' as-of (the report
                   then says so at the top).
  --period P       week (ISO, Monday to Sunday; default), month or quarter (calendar quarters).
  --out DIR        Folder to write into, relative to the current folder. Default: <outputs.reports>/kpi from
                   the config (reports/out/kpi for the bundled config, which git ignores).
  --pdf            Also write report.pdf with Chromium (${chromiumPath({})}, or RAPPORT_CHROMIUM).
  --sections IDS   Only these sections, comma-separated, in report order. Ids: ${kpiSections.map((s) => s.id).join(', ')}.
  --commentary F   A text file with the analyst's note, shown under the summary (blank lines split paragraphs).
  --config FILE    Config file (default: rapport.config.ts in the current folder).

Example:
  rapport report kpi --period month --out reports/out/kpi-month --pdf`,
  options: {
    'as-of': { type: 'string' },
    period: { type: 'string' },
    out: { type: 'string' },
    pdf: { type: 'boolean' },
    'allow-mismatch': { type: 'boolean' },
    sections: { type: 'string' },
    commentary: { type: 'string' },
    config: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`report: one report at a time, got ${positionals.join(' ')}`);
    const parsed = ReportArgs.safeParse({ ...values, report: positionals[0] });
    if (!parsed.success) throw new UsageError(`report: ${parsed.error.issues.map((i) => i.message).join('; ')} (see rapport report --help)`);
    const args = parsed.data;
    const loaded = await loadConfig(path.resolve(io.cwd, args.config), io.env);
    const sections = args.sections?.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = sections?.filter((id) => !kpiSections.some((s) => s.id === id)) ?? [];
    if (unknown.length > 0) throw new UsageError(`report: --sections: unknown section ${unknown.join(', ')}; expected some of ${kpiSections.map((s) => s.id).join(', ')}`);
    const commentary = args.commentary === undefined ? undefined : await readFile(path.resolve(io.cwd, args.commentary), 'utf8').catch((error: Error) => {
      throw new UsageError(`report: --commentary: cannot read ${args.commentary}: ${error.message}`);
    });
    const outDir = args.out ? path.resolve(io.cwd, args.out) : path.join(loaded.resolve(loaded.config.outputs.reports), 'kpi');
    const warehouse = await openWarehouse(loaded.warehouse);
    try {
      const asOf = await resolveAsOf(warehouse, args['as-of']);
      const built = await analyticsAsOf(warehouse);
      if (args['as-of'] !== undefined && built !== null && built !== asOf && !args['allow-mismatch']) {
        throw new Error(`report kpi: --as-of ${asOf} does not match the warehouse, whose analytics tables were built as of ${built}; `
          + `nothing was written. Run rapport run daily --as-of ${asOf} first, report as of ${built}, or pass --allow-mismatch.`);
      }
      const channels = configuredChannels(loaded.config);
      const { files, report } = await writeKpiReport(warehouse, {
        asOf, period: args.period, outDir, generatedAt: new Date().toISOString(),
        // The configured channels, as the daily step passes them: an orders-only shop gets no email or social panels.
        ...(channels ? { channels } : {}), ...(sections ? { sections } : {}), ...(commentary !== undefined ? { commentary } : {}),
      });
      io.out(`KPI report for ${report.header.period.label} (as of ${asOf}) -> ${files[0]}`);
      io.out(`  ${files.length - 1} chart files in ${outDir}`);
      const pending = report.sections.filter((s) => s.view.chart?.kind === 'empty' && s.view.chart.reason === 'not-computed');
      for (const s of pending) io.out(`  ${s.id}: ${s.view.chart?.kind === 'empty' ? s.view.chart.message : ''}`);
      if (!args.pdf) return 0;
      try {
        io.out(`  pdf -> ${await writeReportPdf(outDir, chromiumPath(io.env))}`);
      } catch (error) {
        if (!(error instanceof ChromiumNotFoundError)) throw error;
        io.err(`rapport: ${error.message}`);
        return 1;
      }
      return 0;
    } finally {
      warehouse.close();
    }
  },
};
