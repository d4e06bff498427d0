// The config contract of any source: one variant per connector of the registry, chosen by its `connector` key.
import { z } from 'zod';
import { connectors } from './registry.js';

type Variant = (typeof connectors)[keyof typeof connectors]['config'];

export const SourceConfig = z.discriminatedUnion('connector', Object.values(connectors).map((c) => c.config) as unknown as [Variant, ...Variant[]]);
export type SourceConfig = z.infer<typeof SourceConfig>;
