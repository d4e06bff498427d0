// Renders a benchmark report as a Markdown table (median, min–max, rows/s, comparison) with the machine and command.
import { median, type BenchReport } from './bench.js';

const secs = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const group = (n: number) => Math.round(n).toLocaleString('en');

/**
 * The report as Markdown: a header line (customers, runs, machine, command), then one table row per measure,
 * then the peak RSS line. Pure: the caller prints it.
 * @example console.log(formatTable(report, 'npm run bench -- --scale 10k'));
 */
export function formatTable(report: BenchReport, command: string): string {
  const header = ['measure', 'rows', 'median s', 'min–max s', 'rows/s', 'comparison'];
  const body = report.rows.map((r) => {
    if (r.samples.length === 0) return [r.measure, '', '', '', '', r.note ?? ''];
    const m = median(r.samples);
    const min = Math.min(...r.samples);
    const max = Math.max(...r.samples);
    const cmp = r.ratio === undefined ? (r.note ?? '') : r.note?.startsWith('%') ? `${r.ratio.toFixed(0)}${r.note}` : `${r.ratio.toFixed(2)}${r.note ?? ''}`;
    return [r.measure, r.rows === undefined ? '' : group(r.rows), secs(m), `${secs(min)}–${secs(max)}`, r.rows === undefined ? '' : group(r.rows / (m / 1000)), cmp];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const rss = report.peakRss.map((b) => b / 2 ** 20);
  return [
    `${group(report.customers)} customers, ${report.runs} run(s); ${new Date().toISOString().slice(0, 10)}`,
    `machine: ${report.machine}`,
    `command: ${command}`,
    '',
    line(header),
    `|${widths.map((w, c) => (c === 0 || c === 5 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`,
    ...body.map(line),
    '',
    `peak RSS of the daily pipeline process: median ${median(rss).toFixed(0)} MiB (min–max ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MiB)`,
  ].join('\n');
}
