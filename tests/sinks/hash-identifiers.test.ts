import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashEmail, hashFirstPhone, normaliseEmail, normalisePhone } from '../../sinks/hash-identifiers.js';
import { exportSegment } from '../../sinks/segment-export.js';
import { seedAudience } from '../helpers/audience-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

// Worked examples from Meta's customer information parameters page (em, ph), normalised and hashed there.
const META_EMAIL_SHA = '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f'; // John_Smith@gmail.com
const META_PHONE_SHA = 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176'; // US (650)555-1212

describe('normalise then hash', () => {
  it('trims and lower-cases emails, and matches the platforms\' published hash', () => {
    expect(normaliseEmail('  John_Smith@Gmail.com ')).toBe('john_smith@gmail.com');
    expect(hashEmail(' John_Smith@gmail.com')).toBe(META_EMAIL_SHA);
    expect(normaliseEmail('not an email')).toBeNull();
    expect(hashEmail(null)).toBeNull();
  });

  it('writes phones as E.164: with "+" for Google, digits only for Meta', () => {
    expect(normalisePhone('+1 (650) 555-1212', { platform: 'google' })).toBe('+16505551212');
    expect(normalisePhone('+1 (650) 555-1212', { platform: 'meta' })).toBe('16505551212');
    expect(normalisePhone('(650)555-1212', { platform: 'meta', phoneCountry: 'US' })).toBe('16505551212');
    expect(hashFirstPhone(['(650)555-1212'], { platform: 'meta', phoneCountry: 'US' })).toBe(META_PHONE_SHA);
  });

  it('drops phones without a country code unless a country is given, and impossible numbers', () => {
    expect(normalisePhone('07700900123', { platform: 'google' })).toBeNull();
    expect(normalisePhone('07700900123', { platform: 'google', phoneCountry: 'GB' })).toBe('+447700900123');
    expect(normalisePhone('+1234', { platform: 'google' })).toBeNull();
    expect(hashFirstPhone(['+1234', '+447700900123'], { platform: 'google' })).not.toBeNull(); // first usable one
  });
});

describe('hashed exports', () => {
  let t: TempWarehouse;
  beforeEach(async () => { t = await tempWarehouse(); });
  afterEach(async () => { await t.dispose(); });

  it('writes only hashes, keeps phone-only members, and still suppresses opted-out customers', async () => {
    await seedAudience(t.warehouse, [
      { id: 'a', segment: 'At Risk', email: ' Ann.Lee@Example.com', phones: ['+16505551212'] },
      { id: 'b', segment: 'At Risk', email: null, phones: ['+447700900123'] },
      { id: 'c', segment: 'At Risk', email: null, phones: ['07700900123'] },
      { id: 'd', segment: 'At Risk', unsubscribed: true },
    ]);
    const out = path.join(t.dir, 'ads.csv');
    const r = await exportSegment(t.warehouse, { segment: 'At Risk', out, format: 'csv', hashed: { platform: 'google' } });
    expect(r.suppressed).toEqual({ unsubscribed: 1, no_usable_identifier: 1 });
    const text = await readFile(out, 'utf8');
    expect(text).not.toMatch(/@|\+44|\+1650/);
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    // Expected hashes computed independently, by DuckDB's sha256 over the normalised text.
    const [expected] = await t.warehouse.all<Record<string, string>>(
      `SELECT sha256('ann.lee@example.com') AS a_email, sha256('+16505551212') AS a_phone, sha256('+447700900123') AS b_phone`);
    expect(rows).toEqual([
      { email_sha256: expected!.a_email, phone_sha256: expected!.a_phone },
      { email_sha256: '', phone_sha256: expected!.b_phone },
    ]);
  });
});
