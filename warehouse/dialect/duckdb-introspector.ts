// Reads schemas, tables and columns of the current DuckDB database from information_schema.
import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  sql,
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

interface ColumnRow {
  table_schema: string;
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
  column_comment: string | null;
}

/**
 * Kysely introspector for DuckDB. It lists only the current database (not ATTACHed ones or `temp`) and skips
 * the system schemas. A column counts as auto-incrementing when its default draws from a sequence.
 *
 * @example const tables = await db.introspection.getTables();
 */
export class DuckDbIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<any>;

  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await this.#db
      .withoutPlugins()
      .selectFrom('information_schema.schemata')
      .select('schema_name')
      .where('catalog_name', '=', sql<string>`current_database()`)
      .orderBy('schema_name')
      .$castTo<{ schema_name: string }>()
      .execute();
    return rows.map((row) => ({ name: row.schema_name }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    let query = this.#db
      .withoutPlugins()
      .selectFrom('information_schema.columns as c')
      .innerJoin('information_schema.tables as t', (join) =>
        join
          .onRef('t.table_catalog', '=', 'c.table_catalog')
          .onRef('t.table_schema', '=', 'c.table_schema')
          .onRef('t.table_name', '=', 'c.table_name'),
      )
      .select([
        'c.table_schema',
        'c.table_name',
        't.table_type',
        'c.column_name',
        'c.data_type',
        'c.is_nullable',
        'c.column_default',
        'c.COLUMN_COMMENT as column_comment',
      ])
      .where('c.table_catalog', '=', sql<string>`current_database()`) // ATTACHed databases and temp tables live in other catalogs
      .where('c.table_schema', 'not in', ['information_schema', 'pg_catalog'])
      .orderBy('c.table_schema')
      .orderBy('c.table_name')
      .orderBy('c.ordinal_position')
      .$castTo<ColumnRow>();
    if (!options.withInternalKyselyTables) {
      query = query
        .where('c.table_name', '!=', DEFAULT_MIGRATION_TABLE)
        .where('c.table_name', '!=', DEFAULT_MIGRATION_LOCK_TABLE);
    }
    return groupColumns(await query.execute());
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

function groupColumns(rows: readonly ColumnRow[]): TableMetadata[] {
  const tables = new Map<string, { table: TableMetadata; columns: ColumnMetadata[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.table_schema, row.table_name]);
    let entry = tables.get(key);
    if (!entry) {
      const columns: ColumnMetadata[] = [];
      const table = { name: row.table_name, schema: row.table_schema, isView: row.table_type === 'VIEW', columns };
      entry = { table, columns };
      tables.set(key, entry);
    }
    entry.columns.push({
      name: row.column_name,
      dataType: row.data_type,
      isNullable: row.is_nullable === 'YES',
      hasDefaultValue: row.column_default !== null,
      isAutoIncrementing: row.column_default?.startsWith('nextval(') ?? false,
      ...(row.column_comment === null ? {} : { comment: row.column_comment }),
    });
  }
  return [...tables.values()].map(({ table }) => Object.freeze(table));
}
