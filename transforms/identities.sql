-- Identity resolution, stage 1: every distinct raw identifier (kind, raw) seen in the three channel tables (identity_raw).
-- identities.ts normalises the emails and phones among them in JS, then builds identity_observations from this.
-- Distinct values, not rows: a person writes a handful of forms, so later stages join millions of rows to a small table.

CREATE OR REPLACE TEMP TABLE identity_raw AS
SELECT DISTINCT kind, raw FROM (
  SELECT DISTINCT 'email' AS kind, email AS raw FROM email_events
  UNION ALL SELECT DISTINCT 'handle', platform || ':' || handle FROM social_interactions
  UNION ALL SELECT DISTINCT 'email', profile_email FROM social_interactions
  UNION ALL SELECT DISTINCT 'phone', profile_phone FROM social_interactions
  UNION ALL SELECT DISTINCT 'account', customer_ref FROM order_lines
  UNION ALL SELECT DISTINCT 'email', email FROM order_lines
  UNION ALL SELECT DISTINCT 'phone', phone FROM order_lines
)
WHERE raw IS NOT NULL AND trim(raw) <> '';

-- Emails and phones are normalised once per distinct raw value (a few per person), not per row.
CREATE OR REPLACE TEMP TABLE identity_forms (kind VARCHAR, raw VARCHAR, value VARCHAR, valid BOOLEAN);
