// The least a link needs from a line: write bytes, hear bytes, learn that the line closed.
// A serial port, a socket or an in-memory pipe in a test all fit through `fromDuplex`.
import type { Duplex } from 'node:stream';

export interface ByteStream {
  /** Queues bytes for the line; never throws (a dead line shows up as missing acknowledgements). */
  write(bytes: Uint8Array): void;
  /** Calls `listener` with every read; returns a function that stops listening. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Calls `listener` once if the line closes or fails (a USB cable pulled, say). */
  onClose(listener: (reason: string) => void): () => void;
}

export function fromDuplex(stream: Duplex): ByteStream {
  return {
    write(bytes) {
      if (stream.destroyed || !stream.writable) return;
      stream.write(bytes, (e) => {
        // Reported through 'error'/'close'; the write callback must not throw.
        void e;
      });
    },
    onData(listener) {
      const on = (chunk: Buffer | string): void =>
        listener(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      stream.on('data', on);
      return () => stream.off('data', on);
    },
    onClose(listener) {
      let done = false;
      const once = (reason: string): void => {
        if (done) return;
        done = true;
        listener(reason);
      };
      const onError = (e: Error): void => once(e.message);
      const onEnd = (): void => once('the line was closed');
      stream.on('error', onError);
      stream.on('close', onEnd);
      return () => {
        stream.off('error', onError);
        stream.off('close', onEnd);
      };
    },
  };
}
