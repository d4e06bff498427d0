// Versioned DDL for Rapport's internal tables; append new versions, never edit an applied one.

/** One schema change, applied once and recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'run history, source state, quarantine',
    sql: `
      CREATE TABLE pipeline_runs (
        run_id      VARCHAR PRIMARY KEY,
        pipeline    VARCHAR NOT NULL,
        trigger     VARCHAR NOT NULL,          -- manual | schedule | backfill
        params      VARCHAR NOT NULL,          -- JSON, secrets removed
        status      VARCHAR NOT NULL,          -- running | success | failed | interrupted
        started_at  TIMESTAMP NOT NULL,
        ended_at    TIMESTAMP,
        error       VARCHAR
      );
      CREATE TABLE pipeline_steps (
        run_id            VARCHAR NOT NULL,
        step              VARCHAR NOT NULL,
        status            VARCHAR NOT NULL,    -- running | success | failed | skipped | interrupted
        started_at        TIMESTAMP,
        ended_at          TIMESTAMP,
        rows_in           BIGINT,
        rows_out          BIGINT,
        rows_quarantined  BIGINT,
        rows_duplicate    BIGINT,
        attempts          INTEGER NOT NULL DEFAULT 0,
        error             VARCHAR,
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE source_files (
        source            VARCHAR NOT NULL,
        location          VARCHAR NOT NULL,    -- absolute file path
        fingerprint       VARCHAR NOT NULL,    -- sha256 of the bytes
        rows_read         BIGINT NOT NULL,
        rows_loaded       BIGINT NOT NULL,
        rows_quarantined  BIGINT NOT NULL,
        rows_duplicate    BIGINT NOT NULL,
        run_id            VARCHAR NOT NULL,
        loaded_at         TIMESTAMP NOT NULL,
        PRIMARY KEY (source, location, fingerprint)
      );
      CREATE TABLE source_state (
        source      VARCHAR PRIMARY KEY,
        cursor      VARCHAR,                   -- connector-specific watermark, moved in the load transaction
        run_id      VARCHAR NOT NULL,
        updated_at  TIMESTAMP NOT NULL
      );
      CREATE TABLE quarantine (
        source          VARCHAR NOT NULL,
        location        VARCHAR NOT NULL,      -- file path or URL
        record_no       BIGINT NOT NULL,       -- 1-based data record (the header is not a record)
        raw_hash        VARCHAR NOT NULL,      -- md5 of raw, so a re-run does not quarantine a row twice
        field           VARCHAR,               -- comma-separated contract fields that failed, NULL for structural errors
        reason          VARCHAR NOT NULL,
        raw             VARCHAR NOT NULL,      -- the record as read (CSV line or JSON)
        run_id          VARCHAR NOT NULL,
        quarantined_at  TIMESTAMP NOT NULL,
        PRIMARY KEY (source, location, record_no, raw_hash)
      );
    `,
  },
  {
    version: 3,
    name: 'quarantine fixes, source schemas',
    sql: `
      ALTER TABLE quarantine ADD COLUMN fields VARCHAR;        -- JSON object of the contract fields as staged (NULL for structural errors)
      ALTER TABLE quarantine ADD COLUMN resolved_at TIMESTAMP; -- set when a corrected row was re-loaded (rapport quarantine import)
      ALTER TABLE quarantine ADD COLUMN resolved_by VARCHAR;   -- run id of that import
      CREATE TABLE source_schemas (
        source      VARCHAR PRIMARY KEY,
        columns     VARCHAR NOT NULL,          -- JSON [{name, type}] of the columns last seen at the source
        location    VARCHAR NOT NULL,          -- where they were seen (file, URL, table)
        run_id      VARCHAR NOT NULL,
        updated_at  TIMESTAMP NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'run history: effective as-of, resumes, step facts, one row per attempt',
    sql: `
      ALTER TABLE pipeline_runs ADD COLUMN as_of VARCHAR;         -- 'YYYY-MM-DD' the run computed as of, once known
      ALTER TABLE pipeline_runs ADD COLUMN resumed_from VARCHAR;  -- run id a --from-step run resumes
      ALTER TABLE pipeline_runs ADD COLUMN pid INTEGER;           -- process that ran it
      ALTER TABLE pipeline_steps ADD COLUMN facts VARCHAR;        -- JSON facts the step reported
      CREATE TABLE pipeline_step_attempts (
        run_id      VARCHAR NOT NULL,
        step        VARCHAR NOT NULL,
        attempt     INTEGER NOT NULL,       -- 1-based
        status      VARCHAR NOT NULL,       -- success | failed | interrupted
        transient   BOOLEAN,                -- whether the error was judged transient (so retried)
        started_at  TIMESTAMP NOT NULL,
        ended_at    TIMESTAMP NOT NULL,
        error       VARCHAR,
        PRIMARY KEY (run_id, step, attempt)
      );
    `,
  },
  {
    version: 8,
    name: 'run warnings (stale sources and other non-fatal findings)',
    sql: `
      CREATE TABLE pipeline_warnings (
        run_id       VARCHAR NOT NULL,
        step         VARCHAR NOT NULL,
        kind         VARCHAR NOT NULL,      -- e.g. stale-source
        subject      VARCHAR,               -- e.g. the source name
        message      VARCHAR NOT NULL,
        recorded_at  TIMESTAMP NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'segment exports and their member lists',
    sql: `
      CREATE TABLE segment_exports (
        export_id           VARCHAR PRIMARY KEY,
        segment             VARCHAR NOT NULL,
        audience            VARCHAR NOT NULL,   -- baseline key for --since-last: plain | hashed-google | hashed-meta, +all when suppression was off
        format              VARCHAR,            -- csv | parquet | json | ndjson | arrow; NULL when only posted to a webhook
        destination         VARCHAR NOT NULL,   -- file path and/or webhook URL without credentials or query
        columns             VARCHAR NOT NULL,   -- JSON array of the columns written
        since_last          BOOLEAN NOT NULL,
        baseline_export_id  VARCHAR,            -- the export the delta was computed against
        members             BIGINT NOT NULL,    -- segment members after suppression
        rows_written        BIGINT NOT NULL,
        added               BIGINT,
        removed             BIGINT,
        suppressed          BIGINT NOT NULL,
        suppressed_reasons  VARCHAR NOT NULL,   -- JSON object reason -> count
        status              VARCHAR NOT NULL,   -- success | failed
        error               VARCHAR,
        run_id              VARCHAR,            -- pipeline run, NULL from the CLI
        exported_at         TIMESTAMP NOT NULL
      );
      CREATE TABLE segment_export_members (
        export_id    VARCHAR NOT NULL,
        customer_id  VARCHAR NOT NULL,
        row_json     VARCHAR NOT NULL,          -- the row as exported, so a later delta can remove exactly what was sent
        PRIMARY KEY (export_id, customer_id)
      );
    `,
  },
  {
    version: 10,
    name: 'data test results (rapport test, the data_tests step)',
    sql: `
      CREATE TABLE data_test_results (
        run_id        VARCHAR NOT NULL,     -- the pipeline run, or test-<time> for rapport test
        test          VARCHAR NOT NULL,     -- the test's name (dataTests in the config)
        kind          VARCHAR NOT NULL,     -- not_null | unique | accepted_values | row_count_change | quarantine_rate | freshness
        severity      VARCHAR NOT NULL,     -- error | warn
        status        VARCHAR NOT NULL,     -- pass | fail | warn | error (could not run)
        failing_rows  BIGINT,               -- rows that fail a row test (NULL for row_count_change, freshness)
        observed      DOUBLE,               -- row count, quarantined percentage or age in hours
        message       VARCHAR NOT NULL,
        tested_at     TIMESTAMP NOT NULL,
        PRIMARY KEY (run_id, test)
      );
    `,
  },
  {
    version: 11,
    name: 'where a failed step failed (RapportError fields)',
    sql: `ALTER TABLE pipeline_steps ADD COLUMN error_context VARCHAR;  -- JSON {stage, runId, source, location, row}`,
  },
  {
    version: 12,
    name: 'review decisions on probabilistic matches (rapport identities review)',
    sql: `
      CREATE TABLE match_decisions (
        record_a    VARCHAR NOT NULL,     -- contact_id, the smaller of the pair
        record_b    VARCHAR NOT NULL,
        decision    VARCHAR NOT NULL,     -- accept (link whatever the score) | reject (never link)
        decided_at  TIMESTAMP NOT NULL,
        decided_by  VARCHAR,              -- who decided (free text, e.g. a login)
        note        VARCHAR,
        PRIMARY KEY (record_a, record_b)
      );
    `,
  },
  {
    version: 13,
    name: 'privacy: tombstones, audit (rapport privacy)',
    sql: `
      CREATE TABLE privacy_salt (salt VARCHAR NOT NULL);   -- one random value: tombstones hash normalised identifiers with it
      CREATE TABLE privacy_tombstones (
        hash        VARCHAR PRIMARY KEY,    -- sha256(salt || 'kind:value'), the normalised identity of a forgotten person
        kind        VARCHAR NOT NULL,       -- email | phone | handle | account
        audit_id    VARCHAR NOT NULL,       -- the privacy_audit action that wrote it
        created_at  TIMESTAMP NOT NULL
      );
      CREATE TABLE privacy_audit (
        audit_id    VARCHAR PRIMARY KEY,
        action      VARCHAR NOT NULL,       -- forget | export | retention
        actor       VARCHAR NOT NULL,       -- OS user of the CLI, or the signed-in web user
        subject     VARCHAR,                -- salted hash of the identifier asked for (never the identifier itself)
        reason      VARCHAR,                -- the operator's --reason
        counts      VARCHAR NOT NULL,       -- JSON table -> rows removed / written
        status      VARCHAR NOT NULL,       -- done | rows deleted, file not rewritten yet
        acted_at    TIMESTAMP NOT NULL
      );
    `,
  },
  {
    version: 14,
    name: 'a sentiment column on the channel tables with free text (issue 17)',
    // New tables get it from their contract (createTableSql); tables loaded before it existed get it here, empty,
    // and the next run's sentiment step scores their rows.
    sql: ['social_interactions', 'support_messages', 'survey_responses']
      .map((t) => `ALTER TABLE IF EXISTS ${t} ADD COLUMN IF NOT EXISTS sentiment DOUBLE;`).join('\n'),
  },
  {
    version: 15,
    name: 'a loaded file\'s size and modification time, so an untouched file is skipped without hashing it (issue 15)',
    // Rows of earlier runs keep NULL: their files are hashed once more on the next run, which fills these in.
    sql: `ALTER TABLE source_files ADD COLUMN size BIGINT;            -- bytes, when the file was fingerprinted
      ALTER TABLE source_files ADD COLUMN modified_ms DOUBLE;      -- its modification time, ms since 1970 (fractional)`,
  },
]);
