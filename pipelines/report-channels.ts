// The channels a config's sources load: what the KPI report shows (an orders-only shop gets no email or social panels).
import type { RapportConfig } from '../config/schema.js';

/**
 * Each channel some configured source loads, once, in config order; undefined for a config with no sources (a
 * warehouse filled some other way), so the report takes its channels from the data instead.
 */
export function configuredChannels(config: Pick<RapportConfig, 'sources'>): string[] | undefined {
  const channels = [...new Set(Object.values(config.sources).map((src) => src.channel))];
  return channels.length > 0 ? channels : undefined;
}
