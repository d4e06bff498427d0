// Checks the config's cron schedules with node-cron, where the config is loaded: the contract (schema.ts) imports
// nothing that runs, so a config file that imports `defineConfig` does not load the scheduler's library.
import cron from 'node-cron';

/**
 * One "<key path>: <what was expected>" line per pipeline whose `schedule` node-cron does not accept, read from the
 * raw config object (so these are reported together with the contract's own issues, all at once).
 * @example badSchedules({ pipelines: { daily: { schedule: 'every day' } } }); // [{ path: 'pipelines.daily.schedule', ... }]
 */
export function badSchedules(input: unknown): { path: string; message: string }[] {
  const pipelines = (input as { pipelines?: unknown } | null)?.pipelines;
  if (typeof pipelines !== 'object' || pipelines === null) return [];
  return Object.entries(pipelines).flatMap(([name, p]) => {
    const schedule = (p as { schedule?: unknown } | null)?.schedule;
    return typeof schedule === 'string' && !cron.validate(schedule)
      ? [{ path: `pipelines.${name}.schedule`, message: 'expected a valid cron expression such as "0 6 * * *"' }] : [];
  });
}
