// Test helper process: holds the warehouse (or a pipeline's run lock) until killed, printing "ready" once it does.
import { acquireRunLock } from '../../warehouse/run-lock.js';
import { openWarehouse } from '../../warehouse/warehouse.js';

const [file, what = 'warehouse', holdMs = '60000'] = process.argv.slice(2);
if (!file) throw new Error('usage: hold-warehouse.ts <file> [warehouse|readonly|lock:<pipeline>] [holdMs]');
const release =
  what.startsWith('lock:')
    ? (await acquireRunLock(file, what.slice(5))).release
    : (await openWarehouse(file, { readOnly: what === 'readonly', waitMs: 0 })).close;
process.stdout.write(`ready ${process.pid}\n`);
setTimeout(() => { release(); process.exit(0); }, Number(holdMs));
