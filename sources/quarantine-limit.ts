// The `quarantineLimit` config key every source has: how much of a batch may be quarantined before the source fails.
import { z } from 'zod';

/**
 * Fail a batch (nothing of it loaded, cursor unchanged) when more than this share of its records is quarantined:
 * a file whose every row is bad is a wrong file (a renamed key, JSON that is not one record per line, CSV in an
 * `.ndjson`), not data to quarantine. `1` never fails; `0` fails on any quarantined record.
 */
export const QuarantineLimit = z.number().min(0).max(1).default(0.5);
