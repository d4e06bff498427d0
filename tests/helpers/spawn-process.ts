// Spawns a TypeScript script or the rapport CLI as a real child process and waits for lines of its output.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** A running child whose stdout and stderr are collected line by line. */
export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Every line so far, stdout and stderr interleaved as they arrived. */
  readonly lines: string[];
  /** Resolves with the first line (already seen or future) matching `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name) once the child has exited. */
  exited(timeoutMs?: number): Promise<number | string>;
  stdout(): string;
}

/** Runs `script` (a .ts file, path relative to the project root) with tsx's loader. */
export function spawnScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  return track(spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  }));
}

/** Runs `rapport <args>` through `bin/rapport.js`, exactly as a user would. */
export function spawnRapport(args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  return track(spawn(process.execPath, [path.join(root, 'bin/rapport.js'), ...args], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  }));
}

function track(child: ChildProcess): Child {
  const lines: string[] = [];
  const out: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const feed = (isStdout: boolean) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (isStdout) out.push(line);
        for (const w of [...waiters]) if (w.pattern.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(line); }
      }
    };
  };
  child.stdout!.on('data', feed(true));
  child.stderr!.on('data', feed(false));
  // 'close' rather than 'exit': it comes after the last stdout/stderr data, so a failure shows the whole output.
  const exit = new Promise<number | string>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    process: child,
    pid: child.pid!,
    lines,
    stdout: () => out.join('\n'),
    waitFor(pattern, timeoutMs = 20_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (line) => { clearTimeout(timer); resolve(line); } });
        void exit.then(() => setTimeout(() => reject(new Error(`process exited before a line matching ${pattern}; output:\n${lines.join('\n')}`)), 100));
      });
    },
    exited(timeoutMs = 30_000) {
      return Promise.race([
        exit,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms; output:\n${lines.join('\n')}`)), timeoutMs).unref()),
      ]);
    },
  };
}
