// SIGINT/SIGTERM handling for commands that run pipelines: the first signal interrupts cleanly, a second one exits at once.

/**
 * Aborts `controller` with the signal's name on the first SIGINT or SIGTERM (the running step finishes or
 * rolls back, the run is recorded as interrupted); a second signal exits with 130 without waiting.
 * @returns a function that removes the handlers.
 */
export function abortOnSignals(controller: AbortController, say: (line: string) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      say(`rapport: ${signal} again: exiting now; rapport runs shows the run as interrupted once this process is gone`);
      process.exit(130);
    }
    say(`rapport: ${signal}: finishing the running step, then stopping (send ${signal} again to exit at once)`);
    controller.abort(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
