// The source configs that read a generated sample, so the default config, tests and doc scripts name the files once.
import path from 'node:path';
import type { SourceConfig } from '../source-config.js';
import { SAMPLE_FILES } from './generate-sample.js';

type SampleSource = 'email' | 'social' | 'orders' | 'support' | 'feedback' | 'products';

/**
 * File sources `email`, `social`, `orders`, `support`, `feedback` and the `products` reference for a sample written to
 * `dir` (a path relative to the config file).
 * @example sources: sampleSources('data/sample')
 */
export function sampleSources(dir: string): Record<SampleSource, SourceConfig> {
  const at = (file: string) => path.posix.join(dir, file);
  return {
    email: { connector: 'file', channel: 'email', path: at(SAMPLE_FILES.emailEvents) },
    social: { connector: 'file', channel: 'social', path: at(SAMPLE_FILES.socialInteractions) },
    orders: { connector: 'file', channel: 'orders', path: at(SAMPLE_FILES.orders) },
    support: { connector: 'file', channel: 'support', path: at(SAMPLE_FILES.supportMessages) },
    feedback: { connector: 'file', channel: 'feedback', path: at(SAMPLE_FILES.surveyResponses) },
    products: { connector: 'file', channel: 'products', path: at(SAMPLE_FILES.products) },
  } as Record<SampleSource, SourceConfig>;
}
