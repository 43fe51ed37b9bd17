// Where the command line writes and what environment it reads: the process's own, or a test's.
import { terminalJson, terminalText } from '../../shared/errors';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  stdout: (text) => writeLine(process.stdout, text),
  stderr: (text) => writeLine(process.stderr, text),
  env: process.env,
};

function writeLine(stream: NodeJS.WriteStream, text: string): void {
  // Its reader went away (`block-registry schemas | head`): the rest has nowhere to go (main.ts).
  if (stream.destroyed) return;
  stream.write(`${text}\n`);
}

/**
 * `io` with what it writes made safe for a terminal, the one place every line of every command
 * goes through: names, descriptions, versions and a server's messages are data, and a control or
 * bidi character in them is shown escaped rather than acted on. `json`: stdout carries JSON,
 * whose bidi characters stay as they are (see terminalJson); stderr is always text for a person.
 */
export function terminalSafeIo(io: CliIo, json: boolean): CliIo {
  return {
    stdout: (text) => io.stdout(json ? terminalJson(text) : terminalText(text)),
    stderr: (text) => io.stderr(terminalText(text)),
    env: io.env,
  };
}
