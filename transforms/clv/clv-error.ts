// Error thrown when data or options handed to the CLV library are invalid, or a fit cannot be trusted.
import { RapportError } from '../../shared/rapport-error.js';

/** Where the problem was found: the library stage, the field and, for per-customer data, the row. */
export interface ClvErrorPlace {
  /** Public function that raised the error, e.g. `fitBgNbd`. */
  readonly stage: string;
  /** Field or option path, e.g. `tx` or `options.monthlyDiscountRate`. */
  readonly field: string;
  /** Zero-based row (customer or transaction) index, when the value belongs to one row. */
  readonly row?: number;
  /** Customer key of that row, when known. */
  readonly customer?: string | number;
}

/**
 * Thrown for invalid CLV inputs (bad per-customer arrays, malformed transactions, invalid
 * options) and for fits whose result cannot be reported honestly.
 *
 * The message names the stage, field and row so the caller can find the record; callers in a
 * pipeline should wrap it with their run id as `cause`. Nothing is left on disk: the library is pure.
 *
 * @example
 * throw new ClvError({ stage: 'fitBgNbd', field: 'tx', row: 3 }, 't_x (5) exceeds T (4)');
 */
export class ClvError extends RapportError {
  /** Structured location of the problem. */
  readonly place: ClvErrorPlace;

  constructor(place: ClvErrorPlace, detail: string, options?: ErrorOptions) {
    const row = place.row === undefined ? '' : ` row ${place.row}`;
    const customer = place.customer === undefined ? '' : ` (customer ${String(place.customer)})`;
    super(`clv.${place.stage}: ${place.field}${row}${customer}: ${detail}`, { ...options, location: `clv.${place.stage}.${place.field}`, ...(place.row === undefined ? {} : { row: place.row }) });
    this.name = 'ClvError';
    this.place = place;
  }
}
