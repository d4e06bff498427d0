// Finds the scheduled time a pipeline missed while no scheduler was running, from its last recorded start.

/** What the walk found. */
export type MissedSlot =
  | { readonly missed: false }
  | { readonly missed: true; readonly slot: Date }
  /** No slot within the searched window, but the last run is older than the window: assume one was missed. */
  | { readonly missed: true; readonly slot: undefined };

/** How far back the walk goes: 100,000 steps is ~69 days of minutes (or ~28 hours of seconds), about 2 s of matching. */
const MAX_STEPS = 100_000;

/**
 * The most recent time strictly after `lastStart` and before `now` (truncated to the schedule's resolution,
 * whose own tick the live scheduler fires) at which `match` says the schedule fires. node-cron keeps nothing
 * across restarts and exposes no "previous run" lookup, so this walks back from `now` one resolution step at a
 * time with the task's own `match` (which honours its time zone). A pipeline that never ran has missed nothing.
 * @example findMissedSlot((d) => task.match(d), false, lastStart, new Date())
 */
export function findMissedSlot(match: (date: Date) => boolean, hasSeconds: boolean, lastStart: Date | undefined, now: Date): MissedSlot {
  if (!lastStart) return { missed: false };
  const step = hasSeconds ? 1000 : 60_000;
  const current = Math.floor(now.getTime() / step) * step;
  for (let i = 1; i <= MAX_STEPS; i++) {
    const t = current - i * step;
    if (t <= lastStart.getTime()) return { missed: false };
    if (match(new Date(t))) return { missed: true, slot: new Date(t) };
  }
  return { missed: true, slot: undefined };
}

/** True when a cron expression has a seconds field (six fields). */
export function hasSecondsField(expression: string): boolean {
  return expression.trim().split(/\s+/).length === 6;
}
