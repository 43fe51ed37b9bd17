// Entry point of the `block-registry` command.
import { terminalText } from '../../shared/errors';
import { runCli } from './run';

/**
 * Set when a reader closed our output before it was all written (`block-registry schemas --json |
 * head`): what is left is dropped (io.ts), the command finishes what it was doing (a database
 * it holds is released as usual), and it ends quietly with 0, as the reader wanted no more.
 */
let outputClosed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    outputClosed = true;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = outputClosed ? 0 : code;
  },
  (error: unknown) => {
    if (!process.stderr.destroyed) process.stderr.write(`${terminalText(`block-registry: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)}\n`);
    process.exitCode = 1;
  },
);
