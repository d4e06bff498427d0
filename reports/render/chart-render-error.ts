// The error every chart-rendering failure becomes: it names the chart, the stage and each spec problem.

/** The step of `renderChart` that failed. */
export type ChartRenderStage = 'validate' | 'compile' | 'render';

/** One problem found in a spec, located by its JSON path (e.g. `encoding.y.type`). */
export interface SpecIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown by `renderChart`. The message starts with the chart name and stage; lower-level errors are kept as
 * `cause`. Rendering writes nothing to disk, so a failed chart leaves no partial file behind.
 *
 * @example
 * try { await renderChart(spec, { name: 'weekly-orders' }); }
 * catch (e) { if (e instanceof ChartRenderError) log(e.chart, e.stage, e.issues); }
 */
export class ChartRenderError extends Error {
  override readonly name = 'ChartRenderError';

  constructor(
    readonly chart: string,
    readonly stage: ChartRenderStage,
    detail: string,
    readonly issues: readonly SpecIssue[] = [],
    options?: { cause?: unknown },
  ) {
    const listed = issues.map((i) => `\n  - ${i.path || '(spec root)'}: ${i.message}`).join('');
    super(`Chart "${chart}" failed at ${stage}: ${detail}${listed}`, options);
  }
}
