// Throughput of the serial transport: raw bytes vs framed, acknowledged messages (SerialLink),
// (1) over a socat pty pair opened with serialport at 115200 baud — a pty ignores the baud
// rate, so this is the software's ceiling — and (2) over an in-memory line paced at 115200 baud
// (11 520 bytes/s, 8N1) with 2 ms latency each way, which is what a real UART costs the
// stop-and-wait protocol. Run: npx tsx bench/serial-throughput.ts [MiB]
import type { ByteStream } from '../profiler-agent/serial/byte-stream.ts';
import { SerialLink } from '../profiler-agent/serial/link.ts';
import { openSerialLine } from '../profiler-agent/serial/open-port.ts';
import { ptyPair } from '../test/profiler-agent/serial/helpers/socat.ts';

const BAUD = 115_200;
const MiB = 1024 * 1024;

function payload(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 131) & 0xff);
}

async function rawThroughput(a: ByteStream, b: ByteStream, bytes: number): Promise<number> {
  const data = payload(bytes);
  let got = 0;
  const started = performance.now();
  const done = new Promise<void>((resolve) => {
    const off = b.onData((chunk) => {
      got += chunk.length;
      if (got >= bytes) {
        off();
        resolve();
      }
    });
  });
  for (let i = 0; i < data.length; i += 4096) a.write(data.subarray(i, i + 4096));
  await done;
  return bytes / ((performance.now() - started) / 1000);
}

async function linkThroughput(
  a: ByteStream,
  b: ByteStream,
  bytes: number,
  chunkBytes: number,
  baudRate?: number,
): Promise<number> {
  const opts = { chunkBytes, ...(baudRate === undefined ? {} : { baudRate }) };
  const sender = new SerialLink(a, opts);
  const receiver = new SerialLink(b, opts);
  const received = new Promise<Uint8Array>((resolve) => receiver.onMessage(resolve));
  const started = performance.now();
  await sender.send(payload(bytes));
  const msg = await received;
  const s = (performance.now() - started) / 1000;
  if (msg.length !== bytes) throw new Error('message damaged');
  sender.close();
  receiver.close();
  return bytes / s;
}

/** Two ends of a line that carries `bytesPerSecond` each way, `latencyMs` late. */
function pacedLine(bytesPerSecond: number, latencyMs: number): [ByteStream, ByteStream] {
  const make = (): { end: ByteStream; deliver: (b: Uint8Array) => void } => {
    const listeners = new Set<(b: Uint8Array) => void>();
    let busyUntil = 0;
    const end: ByteStream = {
      write: () => {},
      onData: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      onClose: () => () => {},
    };
    const deliver = (bytes: Uint8Array): void => {
      const copy = bytes.slice();
      const start = Math.max(performance.now(), busyUntil);
      busyUntil = start + (copy.length / bytesPerSecond) * 1000;
      setTimeout(
        () => {
          for (const l of listeners) l(copy);
        },
        busyUntil + latencyMs - performance.now(),
      );
    };
    return { end, deliver };
  };
  const x = make();
  const y = make();
  return [
    { ...x.end, write: (b) => y.deliver(b) },
    { ...y.end, write: (b) => x.deliver(b) },
  ];
}

const fmt = (bps: number): string => `${(bps / 1024).toFixed(1)} KiB/s`;

const size = Number(process.argv[2] ?? 1) * MiB;
const pty = await ptyPair();
try {
  const a = await openSerialLine(pty.a, BAUD);
  const b = await openSerialLine(pty.b, BAUD);
  console.log(`pty pair (serialport, baudRate ${BAUD}; a pty does not pace), ${size / MiB} MiB:`);
  console.log(`  raw bytes:              ${fmt(await rawThroughput(a.stream, b.stream, size))}`);
  for (const chunk of [512, 2048, 8192, 32768])
    console.log(
      `  link, ${String(chunk).padStart(5)} B chunks:  ${fmt(await linkThroughput(a.stream, b.stream, size, chunk))}`,
    );
  await a.close();
  await b.close();
} finally {
  await pty.close();
}

const small = 64 * 1024;
const uart = (BAUD / 10) | 0;
console.log(
  `\nin-memory line paced at ${BAUD} baud (${uart} B/s, 8N1), 2 ms latency each way, ${small / 1024} KiB:`,
);
{
  const [a, b] = pacedLine(uart, 2);
  console.log(`  raw bytes:              ${fmt(await rawThroughput(a, b, small))}`);
}
for (const chunk of [256, 512, 2048, 8192]) {
  const [a, b] = pacedLine(uart, 2);
  console.log(
    `  link, ${String(chunk).padStart(5)} B chunks:  ${fmt(await linkThroughput(a, b, small, chunk, BAUD))}`,
  );
}
