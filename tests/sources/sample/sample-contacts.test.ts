// The sample's contacts.csv: loads through the contacts contract without quarantine, has a ground truth per row, and carries the noise it promises.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../../load/load.js';
import { contactsChannel } from '../../../sources/contracts/index.js';
import { fileSource } from '../../../sources/file/index.js';
import { FileSourceConfig } from '../../../sources/file/schema.js';
import { generateSample } from '../../../sources/sample/index.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

describe("the sample's contacts", () => {
  it('load without quarantine, each row with one person in the ground truth, with nicknames, typos, swaps, gaps and shared emails', async () => {
    const summary = await generateSample({ customers: 1500, seed: 3, outDir: t.dir });
    const source = fileSource('contacts', contactsChannel, FileSourceConfig.parse({ connector: 'file', channel: 'contacts', path: `${summary.outDir}/contacts.csv` }), t.dir);
    const loaded = await extractAndLoad(t.warehouse, source, 'load-contacts');
    expect(loaded.quarantined).toBe(0);
    expect(loaded.read).toBeGreaterThan(500);
    await t.warehouse.run(`CREATE TABLE truth AS SELECT * FROM read_csv('${summary.outDir}/contacts_ground_truth.csv', all_varchar = true)`);
    const [counts] = await t.warehouse.all<Record<string, number>>(`
      WITH j AS (SELECT c.*, t.person_id FROM contacts c JOIN truth t USING (contact_id))
      SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM j) AS matched,
             (SELECT count(DISTINCT contact_id) FROM truth) AS truth_ids,
             (SELECT count(*) FROM (SELECT person_id FROM j GROUP BY ALL HAVING count(*) > 1)) AS persons_with_several,
             (SELECT count(*) FROM (SELECT email FROM j WHERE email IS NOT NULL GROUP BY ALL HAVING count(DISTINCT person_id) > 1)) AS shared_emails,
             (SELECT count(*) FROM (SELECT person_id FROM j GROUP BY ALL HAVING count(DISTINCT last_name) > 1)) AS persons_with_two_surnames,
             (SELECT count(*) FROM (SELECT person_id FROM j GROUP BY ALL HAVING count(DISTINCT date_of_birth) > 1)) AS persons_with_two_births,
             (SELECT count(*) FROM (SELECT person_id FROM j GROUP BY ALL HAVING count(DISTINCT postcode) > 1)) AS persons_with_two_postcodes,
             (SELECT count(*) FROM j WHERE email IS NULL) AS without_email`);
    expect(counts!.matched).toBe(counts!.contacts);
    expect(counts!.truth_ids).toBe(counts!.contacts);
    for (const key of ['persons_with_several', 'shared_emails', 'persons_with_two_surnames', 'persons_with_two_births', 'persons_with_two_postcodes', 'without_email'])
      expect(counts![key], key).toBeGreaterThan(0);
  });
});
