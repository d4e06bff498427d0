// Binds Kysely's JS parameter values to a DuckDB prepared statement with explicit, time-zone-safe types.
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DOUBLE,
  DuckDBArrayType,
  DuckDBArrayValue,
  DuckDBBitValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListType,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimeNSValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeTZValue,
  DuckDBTimeValue,
  DuckDBTypeId,
  DuckDBUnionValue,
  DuckDBUUIDValue,
  HUGEINT,
  INTEGER,
  LIST,
  SQLNULL,
  TIMESTAMP,
  TIMESTAMPTZ,
  UHUGEINT,
  VARCHAR,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

interface Bindable {
  readonly value: DuckDBValue;
  /** Undefined lets the client infer the type (used for DuckDB value objects passed through as-is). */
  readonly type: DuckDBType | undefined;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MAX = 2n ** 63n - 1n;
const INT128_MAX = 2n ** 127n - 1n;
const UINT128_MAX = 2n ** 128n - 1n;

// Client value objects a caller may pass to bind an exact DuckDB type (DATE, DECIMAL, INTERVAL, …).
const DUCKDB_VALUE_CLASSES = [
  DuckDBArrayValue, DuckDBBitValue, DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBIntervalValue,
  DuckDBListValue, DuckDBMapValue, DuckDBStructValue, DuckDBTimeValue, DuckDBTimeNSValue, DuckDBTimeTZValue,
  DuckDBTimestampValue, DuckDBTimestampTZValue, DuckDBTimestampSecondsValue, DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue, DuckDBUnionValue, DuckDBUUIDValue,
] as const;

/**
 * Binds `parameters` to the `$1…$n` placeholders of `prepared`.
 *
 * | JS value | bound as |
 * |---|---|
 * | null, undefined | NULL |
 * | boolean, string | BOOLEAN, VARCHAR |
 * | number | INTEGER if a safe integer in int32 range, BIGINT if another safe integer, else DOUBLE; VARCHAR text where DuckDB expects a DECIMAL |
 * | bigint | BIGINT, else HUGEINT, else UHUGEINT, by range |
 * | Date | TIMESTAMP holding the UTC wall clock; TIMESTAMPTZ of the same instant where DuckDB expects TIMESTAMPTZ |
 * | Uint8Array | BLOB |
 * | array | LIST of one element type (numbers widen to a common type) |
 * | DuckDB value object (`dateValue`, `decimalValue`, …) | its own type |
 *
 * Why: a TIMESTAMP cast to TIMESTAMPTZ is read in the session time zone, so a Date bound the naive way
 * moves by the zone's offset; binding TIMESTAMPTZ there keeps the instant. Where DuckDB cannot infer the
 * placeholder's type (`select $1`), a Date binds as TIMESTAMP. A number goes to a DECIMAL as its shortest
 * decimal text, so 1.005 rounds to 1.01 as written rather than to 1.00 from its binary value.
 *
 * @throws TypeError naming the placeholder for values that cannot be bound (plain objects, Invalid Date,
 *   mixed-type arrays); RangeError when the count of values differs from the count of placeholders.
 * @example bindParameters(await connection.prepare('select $1::date as d'), [new Date()]);
 */
export function bindParameters(prepared: DuckDBPreparedStatement, parameters: readonly unknown[]): void {
  if (parameters.length !== prepared.parameterCount) {
    throw new RangeError(
      `the statement has ${prepared.parameterCount} placeholders but ${parameters.length} parameters were given`,
    );
  }
  parameters.forEach((parameter, offset) => {
    const index = offset + 1;
    try {
      const { value, type } = toBindable(parameter, expectedType(prepared, index));
      prepared.bindValue(index, value, type);
    } catch (cause) {
      throw new TypeError(`cannot bind parameter $${index}: ${(cause as Error).message}`, { cause });
    }
  });
}

function expectedType(prepared: DuckDBPreparedStatement, index: number): DuckDBType | undefined {
  const typeId = prepared.parameterTypeId(index);
  if (typeId === DuckDBTypeId.INVALID || typeId === DuckDBTypeId.ANY) return undefined;
  try {
    return prepared.parameterType(index);
  } catch {
    // The client throws when DuckDB resolved only a type id; binding still works without the hint.
    return undefined;
  }
}

function toBindable(value: unknown, expected: DuckDBType | undefined): Bindable {
  if (value === null || value === undefined) return { value: null, type: SQLNULL };
  switch (typeof value) {
    case 'boolean':
      return { value, type: BOOLEAN };
    case 'string':
      return { value, type: VARCHAR };
    case 'number':
      if (expected?.typeId === DuckDBTypeId.DECIMAL) return { value: String(value), type: VARCHAR };
      return { value, type: numberType([value]) };
    case 'bigint':
      return { value, type: bigintType(value) };
  }
  if (value instanceof Date) return dateBindable(value, expected);
  if (value instanceof Uint8Array) return { value: new DuckDBBlobValue(value), type: BLOB };
  if (Array.isArray(value)) return listBindable(value, expected);
  if (DUCKDB_VALUE_CLASSES.some((valueClass) => value instanceof valueClass)) {
    return { value: value as DuckDBValue, type: undefined };
  }
  throw new TypeError(
    `unsupported value ${Object.prototype.toString.call(value)}; pass JSON.stringify(value) or a DuckDB value object`,
  );
}

function numberType(numbers: readonly number[]): DuckDBType {
  if (!numbers.every(Number.isSafeInteger)) return DOUBLE;
  return numbers.every((n) => n >= INT32_MIN && n <= INT32_MAX) ? INTEGER : BIGINT;
}

function bigintType(value: bigint): DuckDBType {
  if (value >= -INT64_MAX - 1n && value <= INT64_MAX) return BIGINT;
  if (value >= -INT128_MAX - 1n && value <= INT128_MAX) return HUGEINT;
  if (value >= 0n && value <= UINT128_MAX) return UHUGEINT;
  throw new RangeError(`bigint ${value} does not fit HUGEINT or UHUGEINT`);
}

function dateBindable(value: Date, expected: DuckDBType | undefined): Bindable {
  const millis = value.getTime();
  if (Number.isNaN(millis)) throw new RangeError('Invalid Date');
  const micros = BigInt(millis) * 1000n;
  return expected?.typeId === DuckDBTypeId.TIMESTAMP_TZ
    ? { value: new DuckDBTimestampTZValue(micros), type: TIMESTAMPTZ }
    : { value: new DuckDBTimestampValue(micros), type: TIMESTAMP };
}

function listBindable(items: readonly unknown[], expected: DuckDBType | undefined): Bindable {
  const itemType =
    expected instanceof DuckDBListType || expected instanceof DuckDBArrayType ? expected.valueType : undefined;
  const present = items.filter((item) => item !== null && item !== undefined);
  const allNumbers = present.length > 0 && present.every((item) => typeof item === 'number');
  if (allNumbers && itemType?.typeId !== DuckDBTypeId.DECIMAL) {
    // One element type for the whole list, so [1, 2.5] is DOUBLE[] rather than a type clash.
    const values = items.map((item) => (item ?? null) as number | null);
    return { value: new DuckDBListValue(values), type: LIST(numberType(present as number[])) };
  }
  const bound = items.map((item) => toBindable(item, itemType));
  const types = bound.filter((item) => item.value !== null).map((item) => item.type);
  const elementType = types[0] ?? itemType ?? VARCHAR;
  if (types.some((type) => type === undefined || type.toString() !== elementType.toString())) {
    throw new TypeError('an array bound as one parameter must hold values of one type');
  }
  return { value: new DuckDBListValue(bound.map((item) => item.value)), type: LIST(elementType) };
}
