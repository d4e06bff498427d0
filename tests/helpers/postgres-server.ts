// Starts a throwaway PostgreSQL cluster (initdb + pg_ctl) in a temp folder on a free 127.0.0.1 port, for tests.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresServer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`, trust auth. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL bin folder, or undefined. */
async function binDir(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : path.join(root, newest, 'bin');
}

/** The newest installed `psql`, for tests that act on the server from outside (`pg_terminate_backend`). */
export function psqlPath(): string {
  const root = '/usr/lib/postgresql';
  const newest = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return path.join(root, newest ?? '', 'bin', 'psql');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * initdb's a cluster in a temp folder and starts it; as root it runs the server as the `postgres` user, which
 * PostgreSQL requires. @throws Error saying what is missing when no server can be started here.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = await binDir();
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-pg-'));
  const asRoot = process.getuid?.() === 0;
  const as = async (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await as('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`]);
  } catch (cause) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`cannot start a PostgreSQL server from ${bin}: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
