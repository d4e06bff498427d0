// The local-time macro of customer_preferences against JavaScript's own time-zone rules (Intl), zone by zone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countryZones, localTimeMacroSql } from '../../transforms/customer-time-zones.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

/** ISO weekday (1 = Monday) and hour of `instant` on the wall clock of `zone`, as Intl computes them. */
function wallClock(zone: string, instant: Date): { dow: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { dow: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1, hour: Number(part('hour')) };
}

describe('localTimeMacroSql', () => {
  it("gives every known zone's, the shop's and any other zone's wall clock, across daylight-saving changes", async () => {
    // Around the 2024 changes in Europe (Mar 31, Oct 27, 01:00 UTC), New Zealand (Apr 7, Sep 29) and the US (Mar 10,
    // Nov 3), every 15 minutes, plus a year of instants at odd minutes.
    const around = ['2024-03-31T00:00:00Z', '2024-10-27T00:00:00Z', '2024-04-06T12:00:00Z', '2024-09-28T12:00:00Z', '2024-03-10T05:00:00Z', '2024-11-03T04:00:00Z']
      .flatMap((start) => Array.from({ length: 16 }, (_, i) => new Date(Date.parse(start) + i * 15 * 60_000)));
    const year = Array.from({ length: 60 }, (_, i) => new Date(Date.parse('2024-01-01T00:07:00Z') + i * 6.1 * 86_400_000));
    const instants = [...around, ...year];
    // The shop's zone (not a country's), every country's, and one that is neither (the per-row path).
    const zones = ['America/Chicago', ...new Set(Object.values(countryZones)), 'Australia/Adelaide'];
    await t.warehouse.run(localTimeMacroSql('local_time', 'America/Chicago'));
    await t.warehouse.run('CREATE TABLE probe (zone VARCHAR, instant TIMESTAMP)');
    await t.warehouse.appendRows('probe', zones.flatMap((zone) => instants.map((at) => [zone, at.toISOString().replace('T', ' ').replace('Z', '')])));
    const rows = await t.warehouse.all<{ zone: string; at: string; dow: number; hour: number }>(`
      SELECT zone, strftime(instant, '%Y-%m-%dT%H:%M:%SZ') AS at, isodow(l)::INTEGER AS dow, hour(l)::INTEGER AS hour
      FROM (SELECT zone, instant, local_time(zone, instant::TIMESTAMPTZ) AS l FROM probe) ORDER BY zone, instant`);
    expect(rows).toHaveLength(zones.length * instants.length);
    for (const r of rows) expect({ zone: r.zone, at: r.at, dow: r.dow, hour: r.hour }).toEqual({ zone: r.zone, at: r.at, ...wallClock(r.zone, new Date(r.at)) });
  });
});
