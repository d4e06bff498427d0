// Turns DuckDB result values into the plain JS values Kysely rows carry, independent of the machine's time zone.
import {
  arrayFromArrayValue,
  arrayFromListValue,
  DuckDBBitValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBGeometryValue,
  DuckDBIntervalValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  fromVariantValue,
  objectArrayFromMapValue,
  objectFromStructValue,
  objectFromUnionValue,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

// The ECMAScript Date range: ±100,000,000 days around the epoch.
const MAX_DATE_MILLIS = 8_640_000_000_000_000n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Converts one DuckDB value of the given type into a plain JS value; nested values recurse through
 * `converter`. Pass it to the client's `convert*` methods or call it per cell.
 *
 * | DuckDB type | JS value |
 * |---|---|
 * | BOOLEAN, VARCHAR, integers up to INTEGER, FLOAT, DOUBLE | boolean, string, number |
 * | BIGINT, UBIGINT, HUGEINT, UHUGEINT, BIGNUM | number when within ±MAX_SAFE_INTEGER, else bigint |
 * | DECIMAL | number (the double nearest the exact decimal text) |
 * | TIMESTAMP, TIMESTAMPTZ, TIMESTAMP_S/_MS/_NS | Date of the UTC instant, floored to whole milliseconds |
 * | DATE | 'YYYY-MM-DD' string ('infinity' / '-infinity'; BC years as DuckDB prints them) |
 * | TIME, TIME_NS, TIMETZ, UUID, ENUM, BIT | string as DuckDB prints it |
 * | INTERVAL | `{ months, days, micros }`, micros by the BIGINT rule |
 * | BLOB, GEOMETRY | Uint8Array (the client hands back a Node Buffer) |
 * | LIST, ARRAY | array; STRUCT: object; MAP: `{ key, value }[]`; UNION: `{ tag, value }` |
 *
 * Why these choices: a BIGINT such as `count(*)` fits a number in practice, but hashes and ids may not,
 * and silently rounding them would corrupt keys, so those stay bigint. DECIMAL becomes a number because
 * reports do arithmetic on it; above 15 significant digits it is rounded, so cast to VARCHAR in SQL
 * when every digit matters. A DATE has no time zone, so any Date object would have to invent one.
 *
 * @throws RangeError for a timestamp outside the JS Date range (including 'infinity').
 * @example const rows = await result.convertRowObjects(convertValue);
 */
export const convertValue: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return typeof value === 'bigint' ? toSafeNumber(value) : value;
    case DuckDBTypeId.DECIMAL:
      // The client's toDouble() divides in floating point and can miss the nearest double
      // (DECIMAL 1.23456789012345678 came back as 1.234567890123457); parsing the exact text does not.
      return value instanceof DuckDBDecimalValue ? Number(value.toString()) : value;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return toDate(value);
    case DuckDBTypeId.DATE:
      return value instanceof DuckDBDateValue ? toDateString(value) : value;
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.ENUM:
      return String(value);
    case DuckDBTypeId.BIT:
      return value instanceof DuckDBBitValue ? value.toString() : value;
    case DuckDBTypeId.INTERVAL:
      return value instanceof DuckDBIntervalValue
        ? { months: value.months, days: value.days, micros: toSafeNumber(value.micros) }
        : value;
    case DuckDBTypeId.BLOB:
      return value instanceof DuckDBBlobValue ? value.bytes : value;
    case DuckDBTypeId.GEOMETRY:
      return value instanceof DuckDBGeometryValue ? value.bytes : value;
    case DuckDBTypeId.LIST:
      return arrayFromListValue(value, type, converter);
    case DuckDBTypeId.ARRAY:
      return arrayFromArrayValue(value, type, converter);
    case DuckDBTypeId.STRUCT:
      return objectFromStructValue(value, type, converter);
    case DuckDBTypeId.MAP:
      return objectArrayFromMapValue(value, type, converter);
    case DuckDBTypeId.UNION:
      return objectFromUnionValue(value, type, converter);
    case DuckDBTypeId.VARIANT:
      return fromVariantValue(value, type, converter);
    default:
      return value;
  }
};

function toSafeNumber(value: bigint): number | bigint {
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
}

function toDate(value: DuckDBValue): Date {
  const millis = epochMillis(value);
  if (millis === undefined) throw new TypeError(`expected a DuckDB timestamp value, got ${String(value)}`);
  if (millis > MAX_DATE_MILLIS || millis < -MAX_DATE_MILLIS) {
    throw new RangeError(`timestamp ${String(value)} is outside the JS Date range; cast it to VARCHAR in SQL`);
  }
  return new Date(Number(millis));
}

function epochMillis(value: DuckDBValue): bigint | undefined {
  // Flooring (not BigInt's truncation toward zero) keeps instants before 1970 from moving later.
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
    return floorDiv(value.micros, 1000n);
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.millis;
  if (value instanceof DuckDBTimestampSecondsValue) return value.seconds * 1000n;
  if (value instanceof DuckDBTimestampNanosecondsValue) return floorDiv(value.nanos, 1_000_000n);
  return undefined;
}

function floorDiv(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  return dividend % divisor < 0n ? quotient - 1n : quotient;
}

function toDateString(value: DuckDBDateValue): string {
  // The client prints infinite dates as a far-future calendar date; DuckDB itself prints 'infinity'.
  if (!value.isFinite) return value.days > 0 ? 'infinity' : '-infinity';
  return value.toString();
}
