// Times the BG/NBD and Gamma-Gamma fits on 10k, 100k and 1M simulated customers and prints a table.
// Run: npx tsx bench/clv-fit.ts [sizes...]   (e.g. `npx tsx bench/clv-fit.ts 10000 100000`); not part of npm test.
import { compressTriples, fitBgNbd, fitGammaGamma, simulateBgNbd, simulateSpend } from '../transforms/clv/index.js';

const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // CDNOW's published BG/NBD estimates (weeks)
const spendTruth = { p: 6.25, q: 3.74, gamma: 15.44 };
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

const rows: string[][] = [['customers', 'distinct triples', 'simulate s', 'compress s', 'BG/NBD fit s', 'converged', 'r (0.243)', 'Gamma-Gamma fit s', 'p (6.25)']];
for (const n of sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]) {
  let t = performance.now();
  // First purchases spread over 13 weeks before a 39-week calibration end, as in CDNOW's cohort.
  const T = Float64Array.from({ length: n }, (_, i) => (272 - (i % 91)) / 7);
  const sim = simulateBgNbd(truth, { customers: n, T, seed: 2005 });
  // Real histories are whole days: round t_x to days, as the SQL summary would produce.
  const tx = Float64Array.from(sim.tx, (v, i) => Math.min(Math.round(v * 7) / 7, T[i]!));
  const monetary = simulateSpend(spendTruth, sim.x, 2013);
  const simulate = (performance.now() - t) / 1000;
  t = performance.now();
  const triples = compressTriples(sim.x, tx, T);
  const compress = (performance.now() - t) / 1000;
  t = performance.now();
  const bgnbd = fitBgNbd(triples);
  const bgnbdSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const spend = fitGammaGamma(sim.x, monetary);
  const spendSeconds = (performance.now() - t) / 1000;
  rows.push([
    n.toLocaleString('en'), triples.x.length.toLocaleString('en'), simulate.toFixed(2), compress.toFixed(2),
    bgnbdSeconds.toFixed(2), String(bgnbd.converged), bgnbd.r.toFixed(3), spendSeconds.toFixed(2), spend.p.toFixed(2),
  ]);
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => cell.padStart(widths[c]!)).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
