// What each key of rapport.config.ts means, for docs/configuration.md: keys, types and defaults come from the zod
// contract itself (config-reference.ts); this file adds the words. A key without words here fails the page's test.

/** The page's opening: where the config lives and the forms every key shares. */
export const configIntro = `\`rapport.config.ts\` at the project root (or the file \`--config\` names) is checked at start-up against the contract
below; every bad key is named at once with what was expected. Relative paths are relative to the config file. A
config can live in any folder (\`rapport run daily --config ~/shop/rapport.config.ts\`) and be a \`.ts\`, \`.mts\`, \`.js\`
or \`.mjs\` module (its default export) or a \`.json\` file. \`defineConfig\` (a typed identity, so an editor checks the
keys) comes from the package name, \`rapport\`, wherever the config is: the command resolves \`rapport\` to itself. The
config and the files it imports from its own folder load as ES modules; no \`package.json\` is needed beside them.
\`rapport init\` writes one for your own files ([Use your own data](your-own-data.md)); the bundled one is
[rapport.config.ts](../rapport.config.ts).

**Durations** (\`retry.backoff\`, \`freshness\`, a source's \`incremental.lookback\`, a freshness test's \`maxAge\`) are a
number and one unit, short (\`500ms\`, \`30s\`, \`15m\`, \`6h\`, \`2d\`, \`1w\`) or long (\`90 seconds\`, \`2 days\`, \`1 week\`);
anything else (a bare \`2\`, \`1h30m\`, \`2 months\`, \`2D\`) is refused at start-up with the key named. **Dates** are ISO
(\`2026-01-31\`, or a date-time with an optional offset) and must exist: \`2026-02-30\` is refused everywhere, not read
as 2 March. **Secrets** are never written in the config: keys such as \`tokenEnv\`, \`keyEnv\`, \`urlEnv\` and
\`passwordEnv\` name the environment variable that holds them. Recorded run parameters include the pipeline's and its
sources' config with secrets removed (keys such as \`password\`, \`token\`, \`apiKey\`, \`secret\`; passwords in
\`scheme://user:password@host\` URLs; token query parameters).

In the tables, \`<name>\` stands for a name you choose (a source, a pipeline, a segment) and \`[]\` for each entry of
a list. A key without a default is optional unless its meaning says "required".`;

/** The sentence under each section's heading (top-level keys that have no section of their own share the first). */
export const sectionIntros: Record<string, string> = {
  'top level': 'Where the warehouse and the outputs go, and the sample `npm start` generates.',
  sources: 'Each source reads one channel (orders, email events, social interactions, ...) from files, an HTTP API or a '
    + 'PostgreSQL table; `connector` picks which, and each connector takes the keys of its table. How each connector '
    + 'reads, and what `mapping` may hold, is in [Sources](sources.md); the channels\' fields are in '
    + '[Sources: contracts](sources.md#contracts-quarantine-and-re-runs). A source `<name>` is lower-case letters, digits, '
    + '`-` and `_`, starting with a letter.',
  pipelines: 'Named pipelines: `daily` is built in (extract every source, identities, customer 360, analytics, data '
    + 'tests, exports, the KPI report); `rapport schedule` runs each on its `schedule`. See [Operations](operations.md).',
  analytics: 'How the segment, retention and CLV metrics are defined; the defaults are the definitions in '
    + '[Tables and metrics](metrics.md) and [Predicted CLV](clv.md).',
  identity: 'How identifiers are normalised and the guardrails against merging different people: see '
    + '[Identity resolution](identity.md).',
  match: 'Probabilistic matching of contacts (`match_candidates`): see '
    + '[Identity resolution](identity.md#probabilistic-matching-of-contacts-match_candidates).',
  dataTests: 'Checks on the warehouse run by `rapport test` and by the daily pipeline\'s `data_tests` step, in the '
    + 'style of `dbt test`; `kind` picks the check. See [Operations: data tests](operations.md#data-tests-rapport-test).',
  segments: 'Custom segments by name, e.g. `{ \'Valuable at risk\': { where: { all: [...] } } }`; the filter language is '
    + 'in [Exports: custom segments](exports.md#custom-segments).',
  web: '`rapport serve`: who may sign in, and the host names it answers to. See [The web app](web.md).',
  retention: 'How long raw rows of each channel are kept; the daily pipeline\'s last step deletes older ones. See '
    + '[Privacy: retention](privacy.md).',
};

/** Key (as docs/configuration.md lists it, variants after `|`, or without them for keys every variant shares) -> meaning. */
export const keyMeanings: Record<string, string> = {
  warehouse: 'The DuckDB file; `RAPPORT_WAREHOUSE` overrides it. `rapport init` writes `rapport.duckdb` beside the config.',
  'outputs.exports': 'Folder for scheduled segment exports (`<folder>/<segment-slug>.<format>`).',
  'outputs.reports': 'Folder for reports (the KPI report goes to `<folder>/kpi/index.html`).',
  'sample.dir': 'Where `npm start` (`rapport sample --if-missing`) writes the generated sample sources.',
  'sample.customers': 'Simulated customers in the sample.',
  'sample.seed': 'Random seed of the sample: the same seed always gives the same bytes.',

  'sources.<name>.channel': 'Required. Which contract the rows must meet, and so which table they land in.',
  'sources.<name>.mapping.<name>': 'Contract field -> source column (or key, or JSON path starting with `$`), or `{ sql }`: a DuckDB SQL '
    + 'expression over the row. Unmapped fields are read from the column of the same name.',
  'sources.<name>.onSchemaDrift': '`evolve`: a new, missing or retyped column is a run warning and the load goes on; `stop`: the extract '
    + 'fails naming the column and nothing of that file, response or table is loaded (see [Sources: schema drift](sources.md#schema-drift)).',
  'sources.<name>.quarantineLimit': 'Fail the batch (nothing of it loaded, cursor unchanged) when more than this share of its records is '
    + 'quarantined: such a batch is the wrong file, format or mapping rather than a few bad rows. `1` never fails.',
  'sources.<name>|file.path': 'Required. One file or a glob (`exports/orders-*.csv.gz`), relative to the config file; `.gz` is read as gzip.',
  'sources.<name>|file.format': 'How the files are read; inferred from the file name when omitted.',
  'sources.<name>.csv.delimiter': 'CSV field delimiter.',
  'sources.<name>.csv.quote': 'CSV quote character.',
  'sources.<name>.csv.header': 'The first line names the columns (the only form read).',
  'sources.<name>.encoding': 'Text encoding of CSV and NDJSON files.',

  'sources.<name>.url': 'Required. The endpoint (http or https); its query string is kept. No credentials here: they come from `auth`. '
    + 'Redirects are not followed.',
  'sources.<name>|http.format': '`json` (an array of records, or an object holding one at `records`) or `csv` (parsed with papaparse, '
    + 'header row first).',
  'sources.<name>.records': 'JSON path of the record array in a JSON page; default: the page itself if it is an array, else `$.data`.',
  'sources.<name>.query.<name>': 'Extra query parameters.',
  'sources.<name>.headers.<name>': 'Extra request headers (not secrets: those go in `auth`).',
  'sources.<name>.auth.type': '`bearer` sends `Authorization: Bearer <token>`; `api-key` sends the key in a header or query parameter.',
  'sources.<name>.auth.tokenEnv': 'The NAME of the environment variable holding the bearer token; its value is read at extract time '
    + 'and never logged, recorded or put in an error.',
  'sources.<name>.auth.keyEnv': 'The NAME of the environment variable holding the API key.',
  'sources.<name>.auth.header': 'Header that carries the API key (e.g. `X-API-Key`); set this or `queryParam`.',
  'sources.<name>.auth.queryParam': 'Query parameter that carries the API key; set this or `header`.',
  'sources.<name>.pagination.type': '`none`: one request; `cursor`: the page names the next cursor; `page`: numbered pages; '
    + '`link-header`: follows `Link: <…>; rel="next"` (a next link to another origin is refused, so credentials never leave it).',
  'sources.<name>.pagination.param': 'Query parameter that receives the cursor or the page number.',
  'sources.<name>.pagination.next': 'JSON path of the next page\'s cursor in a page; stops when it is missing, null or empty.',
  'sources.<name>.pagination.sizeParam': 'Query parameter that receives `size`, if the API takes one.',
  'sources.<name>.pagination.size': 'Records per page; the first page with fewer records is the last.',
  'sources.<name>.pagination.first': 'Number of the first page.',
  'sources.<name>|http.incremental.param': 'Query parameter that receives the window start (the cursor minus `lookback`, ISO-8601 UTC).',
  'sources.<name>|http.incremental.field': 'Contract field whose latest value is the cursor; default: the channel\'s event time.',
  'sources.<name>.incremental.lookback': 'How far before the cursor each run starts reading again, so late records are picked up (they merge '
    + 'on their keys): a duration for time cursors, a number for integer ones.',
  'sources.<name>.incremental.start': 'Where the first run starts, before any cursor exists; default: everything.',
  'sources.<name>.request.timeoutMs': 'Per request, body included; a request still running then is aborted and retried.',
  'sources.<name>.request.retries': 'Retries after a 5xx, a time-out or a network error (other 4xx fail at once, naming the URL). When '
    + 'they run out the error is transient, so the step\'s own retry policy tries again later from the committed cursor.',
  'sources.<name>.request.backoffMs': 'First wait between retries; doubles each retry (jittered into its upper half).',
  'sources.<name>.request.maxBackoffMs': 'Longest wait between retries.',
  'sources.<name>.request.maxRetryAfterS': 'A 429 waits for its `Retry-After` up to this many seconds; longer fails.',
  'sources.<name>|http.batchRows': 'Records per load transaction.',
  'sources.<name>.maxPages': 'Stops an API that paginates forever.',

  'sources.<name>.connection.urlEnv': 'The NAME of an environment variable holding the whole connection URL '
    + '(`postgresql://user:password@host:5432/shop`). Either this, or the parts below.',
  'sources.<name>.connection.host': 'Server host (with `database` and `user`, instead of `urlEnv`).',
  'sources.<name>.connection.port': 'Server port.',
  'sources.<name>.connection.database': 'Database name (required in this form).',
  'sources.<name>.connection.user': 'User name (required in this form).',
  'sources.<name>.connection.passwordEnv': 'The NAME of the environment variable holding the password.',
  'sources.<name>.table': 'A table or view (`schema.table`) to read; set this or `query`.',
  'sources.<name>.query': 'A SELECT whose columns are the source columns; it is wrapped as a subquery, so it needs no WHERE for the cursor. '
    + 'Set this or `table`.',
  'sources.<name>.incremental.column': 'Required in `incremental`. A timestamp, timestamptz, date or integer column; rows are read in its '
    + 'order and each batch commits its own cursor.',
  'sources.<name>|postgres.batchRows': 'Rows fetched from the server cursor and committed per load transaction.',
  'sources.<name>.rows': 'The records, one object each, keyed by source column: a source written inline in the config (for examples and tests).',

  'pipelines.<name>.schedule': 'Required. Cron expression (node-cron syntax, 5 fields, or 6 with seconds first), e.g. `0 6 * * *` for '
    + '06:00 every day.',
  'pipelines.<name>.timezone': 'IANA time zone the schedule is read in, e.g. `Europe/Paris`.',
  'pipelines.<name>.sources': 'Which sources the pipeline extracts; default: all configured sources.',
  'pipelines.<name>.exports[].segment': 'Required. The segment to export: an RFM segment (`At Risk`) or a custom one. Each entry is a step '
    + '`export:<file>` writing `<outputs.exports>/<slug>[-hashed][-changes].<format>`; two entries writing one file are refused. '
    + 'See [Exports: scheduled exports](exports.md#scheduled-exports).',
  'pipelines.<name>.exports[].format': 'File format, as `rapport export segment --format`.',
  'pipelines.<name>.exports[].columns': 'Columns to write (as `--columns`); default: the export\'s default columns.',
  'pipelines.<name>.exports[].hashed': 'An ad-platform audience of SHA-256 hashes (as `--hashed`).',
  'pipelines.<name>.exports[].platform': 'Phone format of a hashed audience (as `--platform`).',
  'pipelines.<name>.exports[].phoneCountry': 'Country of phones written without a country code, for hashed audiences (as `--phone-country`).',
  'pipelines.<name>.exports[].sinceLast': 'Write only the changes since this entry\'s previous export (as `--since-last`).',
  'pipelines.<name>.exports[].bom': 'CSV: start with a UTF-8 byte-order mark (as `--bom`).',
  'pipelines.<name>.exports[].includeSuppressed': 'Keep members who complained, unsubscribed or bounced (as `--include-suppressed`): '
    + 'never for an email tool.',
  'pipelines.<name>.exports[].key': 'What identifies a member (as `--key`); default `email`.',
  'pipelines.<name>.exports[].webhook.url': 'POST the rows to this URL in JSON batches (as `--webhook`).',
  'pipelines.<name>.exports[].webhook.batchSize': 'Rows per POST.',
  'pipelines.<name>.exports[].webhook.maxAttempts': 'Tries per batch before the export fails.',
  'pipelines.<name>.exports[].webhook.tokenEnv': 'The NAME of the environment variable holding the bearer token.',
  'pipelines.<name>.catchUp': '`once`: `rapport schedule` runs a run missed during downtime once at start-up; `skip`: only logs it.',
  'pipelines.<name>.freshness.<name>': 'Maximum age of the source\'s newest data (a duration, e.g. `2d`); an older or empty source is a '
    + '`stale-source` warning in the run (step `check:freshness`), never a failure.',
  'pipelines.<name>.retry.attempts': 'Tries in all for a step that fails with a transient error (1 = no retry); default 3.',
  'pipelines.<name>.retry.backoff': 'First wait before a retry, doubling after each; default `1s`.',
  'pipelines.<name>.retry.maxBackoff': 'Longest wait between tries; default `30s`.',
  'pipelines.<name>.steps.<name>.retry.attempts': 'The same for one step by name (e.g. `\'extract:orders\'`), over the pipeline\'s `retry`.',
  'pipelines.<name>.steps.<name>.retry.backoff': 'The same for one step.',
  'pipelines.<name>.steps.<name>.retry.maxBackoff': 'The same for one step.',
  'pipelines.<name>.module': 'A module (relative to the config) whose default export builds a custom pipeline\'s steps '
    + '(`PipelineFactory` in `runner/pipeline.ts`); built-in pipelines need none.',
  'pipelines.<name>.concurrency': 'How many steps run at once; default 2. A step starts once the steps it depends on have ended, '
    + 'on a warehouse connection of its own (its own transaction and temp tables); the log lists steps as they end. `1` runs them '
    + 'one after the other, in the pipeline\'s order. See [Operations](operations.md#running-a-pipeline-rapport-run).',

  'analytics.rfmWindowDays': 'RFM monetary counts only orders of the last N UTC days before the as-of date; default: all history.',
  'analytics.segmentMap[].segment': 'Segment name. The rules are ordered and the first whose R and FM ranges hold a customer\'s scores '
    + 'names the segment; every (R, FM) cell must be covered. Default: the 11-segment map in '
    + '[Tables and metrics](metrics.md#rfm-rfm_segments).',
  'analytics.segmentMap[].r': 'R score range `[low, high]`, both included.',
  'analytics.segmentMap[].fm': 'FM score range `[low, high]`, both included.',
  'analytics.churnInactivityDays': 'Days without a counted order after which a customer has churned (at least 31, so every customer who '
    + 'churns in a month was a customer at its start).',
  'analytics.clv.horizonDays': 'Horizon of `clv_predictions.expected_purchases_90d`, in days.',
  'analytics.clv.clvMonths': 'Horizon of `clv_predictions.predicted_clv_12m`, in months.',
  'analytics.clv.monthlyDiscountRate': 'Discount rate per month in the CLV (0.01 = 1 %).',
  'analytics.clv.period': 'Time unit the CLV models are fitted in.',
  'analytics.clv.holdoutDays': 'Days at the end of the history held out for `clv_calibration`.',

  'analytics.supportSlaMinutes': 'Minutes to a first support answer the business promises: the SLA of `support_responsiveness` and the responsiveness bands of `satisfaction_churn` (docs/satisfaction.md).',
  'analytics.businessHours.days': 'Days support works (`mon` ... `sun`; default Monday to Friday). `analytics.businessHours` set (even `{}`): '
    + '`support_responsiveness` counts first-response and resolution times, and so its SLA share, in business minutes only, and the KPI '
    + 'report says so; omitted (the default): wall-clock minutes (docs/satisfaction.md, "Business hours").',
  'analytics.businessHours.start': 'Opening time `HH:MM` in the zone below. Default `09:00`.',
  'analytics.businessHours.end': 'Closing time `HH:MM` (after start; `24:00` for midnight). Default `17:00`.',
  'analytics.businessHours.timezone': 'IANA zone the hours are read in (daylight saving changes followed), e.g. `Europe/London`. Default `UTC`.',
  'analytics.recommendations.count': 'Products per customer the daily `product_recommendations` step writes (and `rapport recommend build` without `--count`).',
  'analytics.recommendations.excludeDays': 'A product the customer bought in this many days before the model date (see `modelRefresh`), or since, is not recommended to them (0: only those since); `--exclude-days` overrides it.',
  'analytics.recommendations.excludeSkus': 'SKUs never recommended (postage, fees), besides inactive products; `--exclude` replaces the list.',
  'analytics.recommendations.basketCap': 'Only each customer\'s most recent N products are paired for co-purchase (bounds the work).',
  'analytics.recommendations.neighbours': 'Nearest products kept per product.',
  'analytics.recommendations.minTogether': 'A pair of products bought together by fewer customers than this is ignored.',
  'analytics.recommendations.repeatWeight': 'Weight of a customer\'s own earlier orders of a product (staples bought before the exclusion window); 0 turns repeats off.',
  'analytics.recommendations.repeatHalfLifeDays': 'Days after which a staple\'s repeat score halves (counted to the model date).',
  'analytics.recommendations.modelRefresh': '`day`, `week` (the default) or `month`: the co-purchase model (similarities, popularity) is built from the purchases '
    + 'before the as-of date, the Monday of its week or the first of its month (the model date), and kept until the next one; a daily run in between '
    + 'rescores only the customers whose purchases changed. `day` rebuilds it and rescores everyone every run (docs/recommendations.md).',
  'analytics.preferences.minEvents': 'Opens and clicks a customer needs before `customer_preferences` names their best day and hour to send (fewer: NULL).',
  'identity.defaultCountry': 'ISO country of phone numbers written without a country code. A country whose trunk prefix is `0` (DE, GB, '
    + 'FR, ...) reads only numbers starting with `0`. Without it, such numbers are kept but link nothing.',
  'identity.fallbackCountries': 'Countries tried in order for a national number the default country does not read (e.g. `[\'US\']`).',
  'identity.emailProviders[].domains': 'Domains a mailbox rule applies to. The default rule: `gmail.com` and `googlemail.com` become '
    + '`gmail.com`, with dots and `+tag` dropped; a list you set replaces it.',
  'identity.emailProviders[].canonicalDomain': 'Domain every address of the provider is rewritten to.',
  'identity.emailProviders[].dropDots': 'Dots in the local part are ignored by the provider.',
  'identity.emailProviders[].dropPlusTag': 'Everything from `+` in the local part is a tag the provider ignores.',
  'identity.blocked.email': 'Emails that never link records, written as people type them; a kind you set replaces that kind\'s defaults. '
    + 'Default: `test@example.com`, `support@tidewater.example`, `noreply@example.com`, `no-email@example.com`.',
  'identity.blocked.phone': 'Phones that never link records. Default: `+10000000000`, `+490000000000`, `+4900000000`.',
  'identity.blocked.account': 'Shop accounts that never link records. Default: none.',
  'identity.blocked.handle': 'Social handles that never link records. Default: none.',
  'identity.maxPerCustomer.email': 'Most emails one customer may have; a link beyond it is refused and logged in '
    + '`identity_merge_refusals`. Default 10.',
  'identity.maxPerCustomer.phone': 'Most phones one customer may have. Default 5.',
  'identity.maxPerCustomer.account': 'Most shop accounts one customer may have. Default 5.',
  'identity.maxPerCustomer.handle': 'Most social handles one customer may have. Default 20.',

  'match.blocking': 'Blocking rules: two contacts are compared when they share every key of at least one rule. A rule that puts every '
    + 'contact in one block is refused.',
  'match.maxPairs': 'Most candidate pairs all rules together may produce; more is refused naming the rule that costs most.',
  'match.randomPairs': 'Random pairs drawn to estimate u (the chance two different people agree); every pair when there are fewer.',
  'match.em.maxIterations': 'EM stops after this many iterations; if the parameters still move, the result says `converged: false`.',
  'match.em.tolerance': 'Largest change of any m or of the match share between two iterations that counts as settled.',
  'match.em.initialMatchShare': 'Starting guess of the share of candidate pairs that are one person.',
  'match.threshold': 'Match probability from which a candidate pair counts as a match.',

  'match.reestimateEvery': 'How long stored match parameters are used before the identities step estimates them again (a duration such as `30d`); `rapport identities estimate` re-estimates on request (docs/matching.md).',
  'dataTests[].table': 'Required. The table checked.',
  'dataTests[].column': 'Required. The column checked.',
  'dataTests[]|not_null.table': 'Required. Fails when a row of `table` has NULL in `column` (the failing rows: those rows).',
  'dataTests[]|unique.table': 'Required. Fails when a non-NULL value of `column` occurs more than once (failing rows: every row of a '
    + 'repeated value).',
  'dataTests[]|accepted_values.table': 'Required. Fails when a non-NULL value of `column`, as text, is not in `values`.',
  'dataTests[].values': 'Required. The accepted values.',
  'dataTests[]|row_count_change.table': 'Required. Fails when the row count moved by more than the limits since the previous time this '
    + 'test ran (its last row in `data_test_results`); the first run records the count.',
  'dataTests[].maxDecreasePct': 'Largest allowed decrease, in %; set this, `maxIncreasePct` or both.',
  'dataTests[].maxIncreasePct': 'Largest allowed increase, in %.',
  'dataTests[]|quarantine_rate.source': 'Required. Fails when the open quarantined rows of this source are more than `maxPct` % of its rows '
    + '(loaded + open quarantined).',
  'dataTests[].maxPct': 'Required. The limit, in %.',
  'dataTests[]|freshness.source': 'Required. Fails when the source\'s newest row (its channel\'s event time) is older than `maxAge`, or it '
    + 'has none.',
  'dataTests[].maxAge': 'Required. A duration, e.g. `2d`.',
  'dataTests[].name': 'Name for `rapport test --select` and `data_test_results.test`; default `<kind>_<table>_<column>`, '
    + '`<kind>_<table>` or `<kind>_<source>` (as dbt names its generic tests), e.g. `unique_customer_360_customer_id`.',
  'dataTests[].severity': '`error`: a failure fails `rapport test` (exit 1) and the daily run\'s `data_tests` step, so the exports are '
    + 'skipped; `warn`: a run warning only.',

  'segments.<name>.where': 'Required. The filter: `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }` or a condition '
    + '`{ column, op, value }` (see [Exports: custom segments](exports.md#custom-segments)).',
  'segments.<name>.description': 'One line saying who is in it, shown by `rapport segments` and the web app.',

  'web.users[].name': 'A user who may sign in to `rapport serve`.',
  'web.users[].passwordHash': 'The hash `rapport serve --hash-password` printed for the user\'s password (at least 8 characters).',
  'retention.<name>': 'Keep rows of this channel (e.g. `email`) for this long, e.g. `\'24 months\'` (days, weeks, months or years); older rows and their quarantined records are deleted by the daily `retention` step.',
  'web.users[].roles': '`[\'admin\']` lets the user forget a person and download their data from the customer page (docs/privacy.md); default none.',
  'web.tokenHash': 'Hash of a token for machines: sign in as user `token`, or send `Authorization: Bearer <token>`.',
  'web.allowedHosts': 'Host names `rapport serve` answers to besides `localhost`, `127.0.0.1` and `[::1]`; without sign-in every other '
    + 'name is refused (DNS rebinding), with sign-in the list, when given, limits the names too.',
};
