// Builds a `Source` from a connector's config and extract function, so every connector states the common keys once.
import type { Channel } from './contracts/index.js';
import type { Batch, DriftPolicy, ExtractContext, Source } from './source.js';

/**
 * A frozen `Source` named `name` for `channel`, taking `quarantineLimit` and `onSchemaDrift` from the config.
 * @example defineSource('demo', emailChannel, config, async function* (ctx) { yield { location: 'inline:demo', data: { kind: 'records', records: [] } }; })
 */
export function defineSource(
  name: string,
  channel: Channel,
  config: { readonly quarantineLimit?: number; readonly onSchemaDrift?: DriftPolicy },
  extract: (ctx: ExtractContext) => AsyncIterable<Batch>,
): Source {
  return Object.freeze({ name, channel, quarantineLimit: config.quarantineLimit, onSchemaDrift: config.onSchemaDrift, extract });
}
