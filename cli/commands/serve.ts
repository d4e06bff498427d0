// `rapport serve`: the local web app over the warehouse (Overview, Segments, Customer, Runs), optionally with the scheduler.
import path from 'node:path';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../config/load-config.js';
import { configuredPipelineNames, loadPipeline, pipelineNames } from '../../pipelines/index.js';
import { Scheduler } from '../../runner/scheduler.js';
import { createApp } from '../../web/app.js';
import { hashSecret } from '../../web/auth.js';
import { RunLauncher } from '../../web/run-launcher.js';
import { warehouseGate } from '../../web/warehouse-gate.js';
import { UsageError, type Command } from '../command.js';
import { createRunLog } from '../run-log.js';

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the web app (overview, segments, customers, runs) on http://127.0.0.1:4173',
  help: `Usage: rapport serve [--port 4173] [--host 127.0.0.1] [--with-scheduler] [--config FILE]
       rapport serve --hash-password        (reads a password or token on stdin, prints its scrypt hash)

Serves the latest KPI report, the segments with downloads (the same code as rapport export segment), a customer
lookup and the run history with a "run now" button. Each page opens the warehouse read-only for the request;
while a run writes it, pages answer "busy, try again in a moment" (503) after a 2 s wait.

Bound to anything but 127.0.0.1 (or ::1), it requires sign-in: list users under web.users in the config
(name + passwordHash) and/or an access token hash under web.tokenHash. With users configured, sign-in is
required on 127.0.0.1 too. Failed sign-ins (passwords and bearer tokens) are limited per user name and per
client address: after 5, each further failure locks for twice as long (1 s up to 15 min); each is logged.

Without sign-in it answers only requests addressed to localhost, 127.0.0.1 or [::1] (a web page cannot reach it
through a DNS name pointed at this machine); list other names under web.allowedHosts (with sign-in, the list,
when given, limits the names answered too). Every page is served with a Content-Security-Policy that lets no
script run; sessions, and their CSRF tokens, live in this process's memory (a restart signs everyone out).

Options:
  --port N           Port (default 4173; 0 picks a free one and prints it).
  --host H           Address to bind (default 127.0.0.1).
  --with-scheduler   Also run the configured pipelines on their schedules in this process (as rapport schedule).
  --hash-password    Print the hash of the secret read from stdin, for web.users[].passwordHash or web.tokenHash.
  --config FILE      Config file (default: rapport.config.ts in the current folder).`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'with-scheduler': { type: 'boolean' },
    'hash-password': { type: 'boolean' },
    config: { type: 'string' },
  },
  async run({ values }, io) {
    if (values['hash-password']) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const secret = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
      if (secret.length < 8) throw new UsageError('--hash-password: give a secret of at least 8 characters on stdin');
      io.out(await hashSecret(secret));
      return 0;
    }
    const port = values.port === undefined ? 4173 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number, got "${String(values.port)}"`);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const configFile = path.resolve(io.cwd, (values.config as string | undefined) ?? 'rapport.config.ts');
    const loaded = await loadConfig(configFile, io.env);
    const web = loaded.config.web;
    const auth = web && (web.users.length > 0 || web.tokenHash) ? { users: web.users, tokenHash: web.tokenHash } : undefined;
    if (!auth && !loopback.has(host)) throw new UsageError(`--host ${host}: the app shows customer data, so binding beyond 127.0.0.1 needs sign-in: add web.users or web.tokenHash to ${loaded.file} (see rapport serve --help)`);

    // With --with-scheduler, requests do not open the file during this process's own runs (DuckDB would refuse a
    // second, read-only open in the same process): they answer "busy" at once, as they would for another process.
    let runningHere: string | null = null;
    let scheduler: Scheduler | undefined;
    if (values['with-scheduler']) {
      const names = configuredPipelineNames(loaded);
      if (names.length === 0) throw new UsageError(`--with-scheduler: ${loaded.file} lists no pipelines with a schedule`);
      const log = createRunLog({ json: false, timestamps: true, showPipeline: true, write: io.out });
      scheduler = new Scheduler({
        loaded, pipelines: await Promise.all(names.map((n) => loadPipeline(n, loaded))),
        onEvent: (e) => {
          if (e.type === 'run-start') runningHere = `the scheduled ${e.pipeline} run ${e.runId} is writing the warehouse`;
          if (e.type === 'run-end') runningHere = null;
          log.event(e);
        },
      });
    }
    const app = createApp({
      gate: warehouseGate({ file: loaded.warehouse, busyHere: () => runningHere }),
      warehouseFile: loaded.warehouse,
      reportsDir: loaded.resolve(loaded.config.outputs.reports),
      customSegments: loaded.config.segments,
      identity: loaded.config.identity,
      pipelines: [...new Set([...configuredPipelineNames(loaded), ...pipelineNames])],
      launcher: new RunLauncher(configFile, io.env),
      auth,
      allowedHosts: web?.allowedHosts,
      log: io.out,
    });
    const server = serve({ fetch: app.fetch, port, hostname: host });
    await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    io.out(`rapport serve: http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/ (warehouse ${loaded.warehouse}${auth ? ', sign-in required' : ''}${scheduler ? ', with scheduler' : ''})`);
    if (scheduler) await scheduler.start();
    await new Promise<void>((resolve) => {
      const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await scheduler?.stop('SIGTERM');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return 0;
  },
};
