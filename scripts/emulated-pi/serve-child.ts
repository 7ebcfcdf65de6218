// A `memnas serve` child on the loopback with a fresh database, read the way a user reads it: the
// listening URL and the two join commands it prints. The fleet token is chosen here (MEMNAS_TOKEN)
// and written into the printed command where serve leaves a placeholder.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MEMNAS_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'memnas.js');

export interface ServeChild {
  readonly url: string;
  readonly token: string;
  /** The install and agent commands as printed (token filled in). */
  readonly commands: [string, string];
  stop(): Promise<void>;
}

interface Printed {
  url?: string;
  install?: string;
  agent?: string;
}

function readLine(line: string, p: Printed): void {
  const listening = /listening on (\S+)/.exec(line);
  if (listening !== null && p.url === undefined) p.url = listening[1]!.replace(/\/$/, '');
  const t = line.trim();
  if (t.startsWith('npm install -g ') && p.install === undefined) p.install = t;
  if (t.startsWith('memnas-agent agent ') && p.agent === undefined) p.agent = t;
}

export async function startServe(timeoutMs = 60_000): Promise<ServeChild> {
  const dir = mkdtempSync(join(tmpdir(), 'memnas-serve-'));
  const token = randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(
    process.execPath,
    [MEMNAS_BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', join(dir, 'fleet.db'), '--quiet'],
    { env: { ...process.env, MEMNAS_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const printed: Printed = {};
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('memnas serve printed no join commands')), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      readLine(line, printed);
      if (printed.url !== undefined && printed.install !== undefined && printed.agent !== undefined) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`memnas serve exited (${code}) before it printed its commands`)),
    );
  });
  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  const agent = printed.agent!.replace('<token>', token);
  return { url: printed.url!, token, commands: [printed.install!, agent], stop };
}
