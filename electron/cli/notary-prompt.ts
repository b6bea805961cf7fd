// The notary types the PIN on the terminal (not stdin, which may carry the balls);
// the PIN is never echoed.
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { fail } from '../../draw-core/errors.ts';

export async function askPin(prompt: string, write: (text: string) => void): Promise<string> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    fail({ file: '/dev/tty' }, 'notary-terminal', '公证员须在终端输入 PIN，此处没有终端（演练可用 --rehearsal --auto-confirm）',
      'the notary types the PIN on a terminal, and there is none here (a rehearsal may use --rehearsal --auto-confirm)');
  }
  const input = new ReadStream(fd);
  input.setRawMode(true);
  write(prompt);
  return new Promise((resolve, reject) => {
    let pin = '';
    input.on('data', (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          input.setRawMode(false);
          input.destroy();
          write('\n');
          resolve(pin);
          return;
        }
        if (ch === '\u0003') {
          input.setRawMode(false);
          input.destroy();
          reject(new Error('interrupted'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') pin = pin.slice(0, -1);
        else pin += ch;
      }
    });
  });
}
