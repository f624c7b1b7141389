import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Thrown when standard input ends before an answer: the caller says what was missing. */
export class NoAnswerError extends Error {}

/**
 * One line from standard input after `prompt` (on stderr, so stdout stays the command's
 * output). `hidden`: the typed characters are not echoed (a password); piped input is read
 * the same way.
 */
export async function ask(prompt: string, options: { hidden?: boolean } = {}): Promise<string> {
  const hidden = options.hidden ?? false;
  process.stderr.write(prompt);
  let muted = hidden;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('close', () => reject(new NoAnswerError('No answer given')));
    });
  } finally {
    muted = false;
    rl.close();
    if (hidden) process.stderr.write('\n');
  }
}
