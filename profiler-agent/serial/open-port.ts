// Opens a serial device with the `serialport` package — the only file that imports it. The
// import is dynamic so the agent runs without serialport installed (it is an optional
// dependency) until someone asks for --serial, and then says how to install it.
import type * as Serialport from 'serialport';
import { AgentError } from '../errors.ts';
import { type ByteStream, fromDuplex } from './byte-stream.ts';

/** The usual speed of a board's console and of the Pi's USB gadget serial. */
export const DEFAULT_BAUD_RATE = 115_200;

/** An open line: its bytes, and how to let go of it. */
export interface OpenLine {
  readonly stream: ByteStream;
  close(): Promise<void>;
}

type SerialPortModule = typeof Serialport;

async function loadSerialport(): Promise<SerialPortModule> {
  try {
    return await import('serialport');
  } catch (cause) {
    throw new AgentError(
      'RUNTIME_UNAVAILABLE',
      "the serial transport needs the 'serialport' package: run `npm install serialport@13` where the agent is installed",
      { cause },
    );
  }
}

function openError(path: string, e: NodeJS.ErrnoException | Error): AgentError {
  const text = e.message;
  if (/ENOENT|No such file/i.test(text))
    return new AgentError('FILE_NOT_FOUND', `no serial device at ${path}`, { cause: e });
  if (/EACCES|Permission denied/i.test(text)) {
    return new AgentError(
      'USAGE',
      `permission denied opening ${path}: add this user to the group owning it (often 'dialout') and log in again`,
      { cause: e },
    );
  }
  if (/EBUSY|Resource busy|lock/i.test(text))
    return new AgentError('USAGE', `${path} is in use by another program`, { cause: e });
  return new AgentError('USAGE', `cannot open ${path}: ${text.split('\n')[0]}`, { cause: e });
}

/** Opens `path` raw at `baudRate`, 8 data bits, no parity, 1 stop bit, no flow control. */
export async function openSerialLine(path: string, baudRate: number = DEFAULT_BAUD_RATE): Promise<OpenLine> {
  const { SerialPort } = await loadSerialport();
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((e) => (e ? reject(openError(path, e)) : resolve())),
  );
  // An 'error' with no listener would crash the process; fromDuplex listens, this is the backstop.
  port.on('error', () => {});
  return {
    stream: fromDuplex(port),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => resolve());
      }),
  };
}
