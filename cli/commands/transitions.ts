// `rapport transitions`: how many customers moved between RFM segments from one snapshot date to another.
import { commandConfig } from '../command-config.js';
import { segmentTransitionsBetween, snapshotDates } from '../../transforms/segment-transitions.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command } from '../command.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const transitionsCommand: Command = {
  name: 'transitions',
  summary: 'Show who moved between RFM segments from one as-of date to another (from rfm_history)',
  help: `Usage: rapport transitions [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--moved] [--config FILE]

Prints "from segment -> to segment: customers" for two snapshots in rfm_history (each run of the
daily pipeline keeps one per as-of date). "(none)" means the customer had no RFM row at that date.
With no dates, compares the two latest snapshots; with only --to, the latest snapshot before it.

Options:
  --from DATE      Earlier snapshot date.
  --to DATE        Later snapshot date.
  --moved          Leave out customers who stayed in the same segment.
  --config FILE    Config file (default: rapport.config.ts in the current folder).`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    moved: { type: 'boolean' },
    config: { type: 'string' },
  },
  async run({ values }, io) {
    for (const key of ['from', 'to'] as const) {
      const v = values[key];
      if (v !== undefined && (typeof v !== 'string' || !isoDate.test(v))) throw new UsageError(`--${key}: expected a date as YYYY-MM-DD, got "${String(v)}"`);
    }
    const loaded = await commandConfig(values, io);
    const warehouse = await openWarehouse(loaded.warehouse);
    try {
      const dates = await snapshotDates(warehouse);
      const to = (values.to as string | undefined) ?? dates.at(-1);
      const from = (values.from as string | undefined) ?? dates.filter((d) => to !== undefined && d < to).at(-1);
      if (!from || !to) throw new Error(`need two RFM snapshots; rfm_history has ${dates.length ? dates.join(', ') : 'none'} (run the daily pipeline with another --as-of)`);
      const rows = await segmentTransitionsBetween(warehouse, from, to);
      io.out(`segment transitions ${from} -> ${to}`);
      for (const r of rows) {
        if (values.moved && r.from_segment === r.to_segment) continue;
        io.out(`  ${r.from_segment ?? '(none)'} -> ${r.to_segment ?? '(none)'}: ${r.customers}`);
      }
      return 0;
    } finally {
      warehouse.close();
    }
  },
};
