// The example connector, a template for new ones: yields the rows written in the config as one batch.
import { createHash } from 'node:crypto';
import type { Channel } from '../contracts/index.js';
import type { CreateSource } from '../registry.js';
import { defineSource } from '../define-source.js';
import type { Source } from '../source.js';
import type { ExampleInlineSourceConfig } from './schema.js';

/**
 * A source whose records are the config's `rows`. Like every connector it only yields data and what it knows
 * about it; the loader stages, checks, quarantines and merges. The fingerprint of the rows makes an unchanged
 * list a no-op on the next run, and the cursor advances to the latest event time loaded.
 * @example exampleInlineSource('demo', ordersChannel, ExampleInlineSourceConfig.parse({ connector: 'example-inline', channel: 'orders', rows: [...] }))
 */
export function exampleInlineSource(name: string, channel: Channel, config: ExampleInlineSourceConfig): Source {
  return defineSource(name, channel, config, async function* extract(ctx) {
    const location = `inline:${name}`; // recorded on every row as `_location`, and in quarantine
    const fingerprint = createHash('sha256').update(JSON.stringify(config.rows)).digest('hex');
    if (await ctx.alreadyLoaded(location, fingerprint)) {
      ctx.log(`source ${name}: rows unchanged since they were loaded, skipped`);
      return;
    }
    yield { location, data: { kind: 'records', records: config.rows }, mapping: config.mapping, fingerprint, cursorFrom: channel.timeField };
  });
}

/** The registry's entry point (`sources/registry.ts`). */
export const createSource: CreateSource<ExampleInlineSourceConfig> = (name, channel, config) => exampleInlineSource(name, channel, config);
