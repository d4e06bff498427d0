// The shape of a model's output declaration (table, columns with DuckDB type and meaning) and the row type it implies.
// Contract only: imports nothing, so config, reports, sinks and docs can read declarations without loading DuckDB.

/** A DuckDB column type as `information_schema.columns.data_type` spells it (`DECIMAL(18,2)`, `VARCHAR[]`). */
export type DuckDbType =
  | 'VARCHAR' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'INTEGER' | 'BIGINT' | 'DOUBLE'
  | `DECIMAL(${number},${number})` | `${'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE'}[]`;

/** One output column: its DuckDB type, whether it may be NULL, and what it means (one line, for the data dictionary). */
export interface ColumnDeclaration {
  readonly type: DuckDbType;
  readonly meaning: string;
  /** True when rows may hold NULL here; the typed `DB` interface then says `| null`. */
  readonly nullable?: boolean;
}

/** A model's declaration: the one place its output columns are named. */
export interface ModelContract<
  Columns extends Readonly<Record<string, ColumnDeclaration>> = Readonly<Record<string, ColumnDeclaration>>,
  Table extends string = string,
> {
  readonly table: Table;
  /** 'table' or 'view' (a view is computed when read). */
  readonly kind: 'table' | 'view';
  /** What one row stands for, e.g. 'customer with a counted order'. */
  readonly oneRowPer: string;
  /** The transform file that builds it (the data dictionary links it). */
  readonly file: string;
  /** What creates the table, in words, for "not computed yet" messages (e.g. 'the churn_metrics transform'). */
  readonly builtBy: string;
  /** Columns in the table's column order (object key order is the order). */
  readonly columns: Columns;
}

/**
 * Declares a model and freezes it; the literal types of `columns` are kept so `RowOf` can derive the row type.
 * @example export const churnMetrics = defineModel({ table: 'churn_metrics', kind: 'table', ..., columns: { month: { type: 'DATE', meaning: 'UTC month' } } });
 */
export function defineModel<const Columns extends Readonly<Record<string, ColumnDeclaration>>, const Table extends string>(
  model: ModelContract<Columns, Table>,
): ModelContract<Columns, Table> {
  return Object.freeze({ ...model, columns: Object.freeze(model.columns) });
}

/**
 * The JS value the warehouse hands back for a DuckDB type (see `warehouse/dialect/convert-value.ts`): integers
 * and DECIMAL as number (counts fit; a BIGINT beyond 2^53 would come back as bigint), DATE as 'YYYY-MM-DD' text,
 * TIMESTAMP as a Date of the UTC instant, lists as arrays.
 */
export type JsValueOf<T extends DuckDbType> =
  T extends `${infer Element extends DuckDbType}[]` ? JsValueOf<Element>[]
  : T extends 'VARCHAR' | 'DATE' ? string
  : T extends 'BOOLEAN' ? boolean
  : T extends 'TIMESTAMP' ? Date
  : number;

/** The row type of a declared model: each column's JS value, `| null` where the column is nullable. */
export type RowOf<M extends ModelContract> = {
  readonly [K in keyof M['columns']]: M['columns'][K] extends { nullable: true }
    ? JsValueOf<M['columns'][K]['type']> | null
    : JsValueOf<M['columns'][K]['type']>;
};

/** The names of a model's columns. */
export type ColumnOf<M extends ModelContract> = keyof M['columns'] & string;

/**
 * The column list of a CREATE TABLE for `model`, from its declaration, so a transform that creates its table
 * before filling it (rather than CREATE TABLE AS) cannot drift from it.
 * @example `CREATE TABLE IF NOT EXISTS clv_models (${columnDefinitions(clvModels)})` // 'as_of DATE, calibration_end DATE, ...'
 */
export function columnDefinitions(model: ModelContract): string {
  return Object.entries(model.columns).map(([name, c]) => `${name} ${c.type}`).join(', ');
}
