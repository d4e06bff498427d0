// Process entry of the CLI: wires `main` to argv, stdout/stderr and the exit code.
import { main } from './main.js';

/**
 * A line writer for `stream` that goes quiet once the reader has gone (`rapport segments | head -3`): the command
 * finishes its work and exits with its own code, without an EPIPE stack trace.
 */
function lineWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let open = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // After EPIPE, writes still queued (or made past this writer, e.g. a progress line) fail as "destroyed".
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    open = false;
  });
  return (line) => { if (open) stream.write(line + '\n'); };
}

process.exitCode = await main(process.argv.slice(2), {
  out: lineWriter(process.stdout),
  err: lineWriter(process.stderr),
  env: process.env,
  cwd: process.cwd(),
});
