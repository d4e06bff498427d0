// The config contract of a field mapping, shared by every connector: where each contract field is read from.
import { z } from 'zod';

/**
 * A contract field is filled from a source column (by name; in JSON records a top-level key, or a JSON path
 * such as `$.recipient.email`) or from a DuckDB SQL expression over the row.
 */
export const FieldMapping = z.union([
  z.string().min(1),
  z.object({ sql: z.string().min(1) }).strict(),
]);
export type FieldMapping = z.infer<typeof FieldMapping>;
