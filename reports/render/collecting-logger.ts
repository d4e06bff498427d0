// A Vega / Vega-Lite logger that keeps warnings and errors in a list instead of printing them to the console.
import type { ViewOptions } from 'vega';

/** The logger shape shared by vega's View and vega-lite's compile (vega-util's `LoggerInterface`). */
export type ChartLogger = NonNullable<ViewOptions['logger']>;

// vega-util's levels; vega's typings do not export the constants.
const ERROR = 1;
const WARN = 2;

/**
 * Creates a logger that appends each warning and error, as one line of text, to `sink`. Info and debug output
 * is dropped.
 *
 * @example
 * const warnings: string[] = [];
 * compile(spec, { logger: collectingLogger(warnings) });
 */
export function collectingLogger(sink: string[]): ChartLogger {
  let level = WARN;
  const record = (threshold: number, args: unknown[]): void => {
    if (level >= threshold) sink.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      record(ERROR, args);
      return logger;
    },
    warn(...args: unknown[]) {
      record(WARN, args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}
