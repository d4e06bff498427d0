// Field builders shared by the channel contracts, so every channel spells ids, timestamps and money the same way.
import { z } from 'zod';

/** A non-empty identifier as text (ids are never numbers: leading zeros matter). */
export const id = () => z.string().min(1);

/** ISO-8601 date and time, `T` or space separated, with an optional offset (no offset means UTC). */
const timestampPattern = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/**
 * An event time as text; stored as a UTC TIMESTAMP. The pattern is the shape, the refine (and DuckDB's
 * cast in the loader) rejects impossible dates such as month 13.
 */
export const timestamp = () =>
  z
    .string()
    .regex(timestampPattern)
    .refine((s) => !Number.isNaN(Date.parse(s.replace(' ', 'T'))), 'not a real date and time')
    .meta({ duckdbType: 'TIMESTAMP' });

/** A money amount in the order's currency; stored as DECIMAL(18,2) so sums are exact. */
export const money = () => z.number().meta({ duckdbType: 'DECIMAL(18,2)' });

/** An email address as the source wrote it (padding and case are normalised later, by identity resolution). */
export const rawEmail = () => z.string().regex(/^\s*[^@\s]+@[^@\s]+\s*$/);

/** A calendar date as YYYY-MM-DD; stored as a DATE (DuckDB's cast in the loader rejects impossible dates such as 1971-02-30). */
export const date = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ duckdbType: 'DATE' });
