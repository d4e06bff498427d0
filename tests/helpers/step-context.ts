// A StepContext for calling one pipeline step directly in a test, with no-op effects.
import type { StepContext } from '../../runner/pipeline.js';

export function stepContext(fields: Pick<StepContext, 'warehouse' | 'loaded'> & Partial<StepContext>): StepContext {
  return {
    runId: 'test-run',
    params: {},
    log: () => {},
    upstream: {},
    signal: new AbortController().signal,
    attempt: 1,
    progress: () => {},
    ...fields,
  };
}
