// `rapport segments`: lists the RFM and custom segments with their sizes, the data's as-of date and when they were built.
import { commandConfig } from '../command-config.js';
import { listSegments } from '../../sinks/segment-catalogue.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import type { Command } from '../command.js';

export const segmentsCommand: Command = {
  name: 'segments',
  summary: 'List segments (RFM and custom) with their sizes and when they were computed',
  help: `Usage: rapport segments [--config FILE]

Lists every RFM segment in rfm_segments and every custom segment in the config's "segments" key:
  customers   members of the segment
  emailable   members an email may go to (they have an email and never complained, unsubscribed or bounced)
  as of       the as-of date of the data the segment was computed from
  computed    when the tables it reads were last built by a pipeline run (UTC)
A custom segment whose filter does not fit the warehouse (e.g. it needs clv_predictions, which is not built yet)
is listed with the reason instead of a size; the command then exits 1.

Options:
  --config FILE    Config file (default: rapport.config.ts in the current folder).`,
  options: { config: { type: 'string' } },
  async run({ values }, io) {
    const loaded = await commandConfig(values, io);
    const wh = await openWarehouse(loaded.warehouse);
    try {
      const segments = await listSegments(wh, loaded.config.segments);
      const rows = segments.map((s) => [
        s.name, s.kind, s.customers === null ? '-' : String(s.customers), s.emailable === null ? '-' : String(s.emailable),
        s.asOf ?? '-', s.computedAt ? s.computedAt.toISOString().slice(0, 16).replace('T', ' ') : '-',
      ]);
      const header = ['segment', 'kind', 'customers', 'emailable', 'as of', 'computed'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
      io.out(line(header));
      for (const r of rows) io.out(line(r));
      if (segments.length === 0) io.out('(no segments: run a pipeline, or define custom segments under "segments" in the config)');
      const broken = segments.filter((s) => s.error);
      for (const s of broken) io.err(`rapport: ${s.error}`);
      return broken.length > 0 ? 1 : 0;
    } finally {
      wh.close();
    }
  },
};
