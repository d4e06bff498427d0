-- customer_records: every record of every channel with its one customer, computed when read (a view: nothing is stored
-- per record). A record belongs to the customer of its best identifier that links (account, then email, phone, handle;
-- then the smallest); a record whose identifiers all are blocked, invalid or refused goes to its smallest identifier's.
-- An email event has one identifier (its recipient), so it needs no choosing.
CREATE OR REPLACE VIEW customer_records AS
SELECT 'email' AS channel, e.event_id AS record_id, i.customer_id, i.identity
FROM email_events e
JOIN identity_values v ON v.kind = 'email' AND v.raw = e.email
JOIN identities i ON i.identity = v.identity
UNION ALL
SELECT r.channel, r.record_id,
       arg_min(i.customer_id, (i.status <> 'linked', list_position(['account', 'email', 'phone', 'handle'], i.kind), i.identity)),
       arg_min(i.identity, (i.status <> 'linked', list_position(['account', 'email', 'phone', 'handle'], i.kind), i.identity))
FROM record_identifiers r
JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw
JOIN identities i ON i.identity = v.identity
WHERE r.channel <> 'email'
GROUP BY r.channel, r.record_id;
