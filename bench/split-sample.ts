// Splits a sample's files into the history before a day and the days from it on, line by line, as new files would arrive.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const files = { email: 'email_events.csv', social: 'social_interactions.ndjson', orders: 'orders.csv' } as const;

/**
 * Writes `<before>/<channel>/<channel>-1.<ext>` (records before `cutoff`, an ISO date) and `<after>/<channel>/<channel>-2.<ext>`
 * (records from it on). Every record, malformed ones too, is written back exactly as generated; a record without a
 * readable time stays in the history. With `lateEvery` = n, every n-th older record arrives late, with the new days.
 * @example await splitSample('bench/out/sample-10000-seed42', '2026-10-31', { before: 'a', after: 'b' });
 */
export async function splitSample(sampleDir: string, cutoff: string, into: { before: string; after: string }, lateEvery = 0): Promise<void> {
  for (const [channel, file] of Object.entries(files)) {
    const text = await readFile(path.join(sampleDir, file), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const header = channel === 'social' ? undefined : lines.shift();
    const isNew = (line: string, i: number) => {
      const time = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/.exec(line)?.[0];
      return (time !== undefined && Date.parse(time) >= Date.parse(cutoff)) || (lateEvery > 0 && i % lateEvery === lateEvery - 1);
    };
    const ext = path.extname(file);
    for (const [dir, part, keep] of [[into.before, 1, false], [into.after, 2, true]] as const) {
      await mkdir(path.join(dir, channel), { recursive: true });
      const rows = lines.filter((l, i) => isNew(l, i) === keep);
      await writeFile(path.join(dir, channel, `${channel}-${part}${ext}`), [...(header ? [header] : []), ...rows].join('\n') + '\n');
    }
  }
}
