// Splits a sample's files into the history before a day and the days from it on, line by line, as new files would arrive.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Each channel's file in a sample. The first three are the bench's; the others are split when asked for (`channels`). */
export const sampleFiles = {
  email: 'email_events.csv', social: 'social_interactions.ndjson', orders: 'orders.csv',
  support: 'support_messages.csv', feedback: 'survey_responses.csv', contacts: 'contacts.csv',
} as const;
type SampleChannel = keyof typeof sampleFiles;

/**
 * Writes `<before>/<channel>/<channel>-1.<ext>` (records before `cutoff`, an ISO date) and `<after>/<channel>/<channel>-2.<ext>`
 * (records from it on). Every record, malformed ones too, is written back exactly as generated; a record without a
 * readable time stays in the history (a record's time is the first timestamp on its line: contacts' updated_at, as a
 * date of birth has no time). With `lateEvery` = n, every n-th older record arrives late, with the new days. Only
 * `channels` are split (default: email, social, orders); the sample writes every record of these on one line.
 * @example await splitSample('bench/out/sample-10000-seed42', '2026-10-31', { before: 'a', after: 'b' });
 */
export async function splitSample(
  sampleDir: string, cutoff: string, into: { before: string; after: string }, lateEvery = 0,
  channels: readonly SampleChannel[] = ['email', 'social', 'orders'],
): Promise<void> {
  for (const channel of channels) {
    const file = sampleFiles[channel];
    const isNew = (line: string, i: number) => {
      const time = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/.exec(line)?.[0];
      return (time !== undefined && Date.parse(time) >= Date.parse(cutoff)) || (lateEvery > 0 && i % lateEvery === lateEvery - 1);
    };
    const ext = path.extname(file);
    // Streamed line by line: a 1M-customer sample's email file is larger than Node's 2 GiB limit for one read.
    const outs: WriteStream[] = [];
    for (const [dir, part] of [[into.before, 1], [into.after, 2]] as const) {
      await mkdir(path.join(dir, channel), { recursive: true });
      outs.push(createWriteStream(path.join(dir, channel, `${channel}-${part}${ext}`)));
    }
    const write = async (out: WriteStream, line: string) => {
      if (!out.write(line + '\n')) await once(out, 'drain');
    };
    let header = channel !== 'social';
    let i = 0;
    for await (const line of linesOf(path.join(sampleDir, file))) {
      if (line.trim() === '') continue;
      if (header) {
        header = false;
        for (const out of outs) await write(out, line);
        continue;
      }
      await write(outs[isNew(line, i) ? 1 : 0]!, line);
      i++;
    }
    for (const out of outs) {
      out.end();
      await once(out, 'finish');
    }
  }
}

/** The file's lines split on '\n' only (as `split('\n')` would: a '\r' inside a record stays in it), read in chunks. */
async function* linesOf(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest !== '') yield rest;
}
