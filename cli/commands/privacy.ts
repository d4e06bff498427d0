// `rapport privacy forget|export <identifier>`: erasure that follows the identity graph, and access requests (issue 23).
import os from 'node:os';
import path from 'node:path';
import { configuredPipelineNames, pipelineNames } from '../../pipelines/index.js';
import { exportPerson } from '../../privacy/access-export.js';
import type { ForgetReport } from '../../privacy/forget.js';
import { forgetForGood } from '../../privacy/forget-for-good.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { commandConfig } from '../command-config.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

export const privacyCommand: Command = {
  name: 'privacy',
  summary: 'Forget a person everywhere (privacy forget) or export everything held about them (privacy export)',
  help: `Usage: rapport privacy forget <identifier> [--reason TEXT] [--config FILE]
       rapport privacy export <identifier> --out FILE.json [--config FILE]

<identifier> is anything rapport customer takes: an email, phone, @handle or platform:handle, account or customer id.
It is resolved through the identity graph, so every identifier linked to the same person is covered.

forget  Deletes every row that identifies the person from every table (channel tables, quarantine, identity tables
        and merge logs, customer_360 and the analytic tables, export member lists) and replaces their identifiers
        in any other text (run logs, others' messages) with [forgotten]; prints what it removed, table by table.
        Leaves salted hashes of the normalised identifiers (tombstones) so later loads drop the person's rows, then
        rewrites the warehouse file so the deleted bytes are gone, and lists exports already written that contained
        the person (recall them). Waits for running pipelines; nothing else may write to the warehouse meanwhile.
export  Writes everything held about the person as JSON: profile, identities and how they were linked, every
        interaction, segment history, predictions, quarantined records.
Both are recorded in privacy_audit (who, when, counts; the identifier only as a salted hash).

Options:
  --reason TEXT  Why (e.g. "erasure request 2026-118"); stored in privacy_audit with the person's identifiers removed.
  --out FILE     Where export writes the JSON.
  --config FILE  Config file (default: rapport.config.ts in the current folder).

Examples: rapport privacy forget jane.doe@example.com --reason "erasure request 118"
          rapport privacy export "+49 151 2345678" --out jane.json`,
  options: { reason: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [action, identifier] = positionals;
    if (action !== 'forget' && action !== 'export') throw new UsageError('privacy: expected "forget" or "export", e.g. rapport privacy forget jane@example.com');
    if (identifier === undefined || identifier.trim() === '') throw new UsageError(`privacy ${action}: which person? give an email, phone, handle, account or customer id`);
    const loaded = await commandConfig(values, io);
    const actor = io.env.USER ?? io.env.LOGNAME ?? os.userInfo().username;
    if (action === 'export') {
      if (typeof values.out !== 'string') throw new UsageError('privacy export: --out FILE.json is required');
      const out = path.resolve(io.cwd, values.out);
      const wh = await openWarehouse(loaded.warehouse, { onWait: (m) => io.err(`rapport: ${m}`) });
      try {
        const doc = await exportPerson(wh, identifier, out, { identity: loaded.config.identity, actor });
        const interactions = Object.values(doc.interactions).reduce((n, rows) => n + rows.length, 0);
        io.out(`wrote ${out}: ${doc.identities.length} identities, ${interactions} interactions, ${doc.segmentHistory.length} segment snapshots, ${doc.predictions.length} predictions, ${doc.quarantine.length} quarantined records`);
      } finally {
        wh.close();
      }
      return 0;
    }
    const reason = typeof values.reason === 'string' ? { reason: values.reason } : {};
    const pipelines = [...pipelineNames, ...configuredPipelineNames(loaded)];
    const done = await forgetForGood(loaded.warehouse, identifier, pipelines, { identity: loaded.config.identity, actor, ...reason, onWait: (m) => io.err(`rapport: ${m}`) });
    print(done.report, done.sizes, io);
    return 0;
  },
};

function print(r: ForgetReport, sizes: { before: number; after: number }, io: CommandIo): void {
  io.out(r.customerIds === 0
    ? 'no customer has this identifier: tombstoned, and removed from quarantine and text where found'
    : `forgot 1 person: ${r.customerIds} customer id(s), ${r.identities} identities, ${r.records} records`);
  io.out('removed:');
  if (r.removed.length === 0) io.out('  nothing');
  const width = Math.max(0, ...r.removed.map((x) => x.table.length));
  for (const x of r.removed) io.out(`  ${x.table.padEnd(width)}  ${String(x.rows).padStart(6)} rows ${x.how}`);
  io.out(`tombstones: ${r.tombstones} new (salted hashes of the normalised identifiers; later loads drop matching rows)`);
  if (r.notSearched > 0) io.out(`note: ${r.notSearched} identifier form(s) shorter than 5 characters were not searched for in free text`);
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  io.out(`warehouse rewritten (${mb(sizes.before)} -> ${mb(sizes.after)}): the deleted rows' bytes are no longer in the file`);
  if (r.exports.length === 0) io.out('no export written earlier contained this person');
  else {
    io.out(`exports written earlier that contained this person (recall them):`);
    for (const e of r.exports) io.out(`  ${e.exportedAt.toISOString().slice(0, 19).replace('T', ' ')}  ${e.segment}  ${e.destination}  (${e.exportId})`);
  }
  io.out(`audit: ${r.auditId} in privacy_audit`);
}
