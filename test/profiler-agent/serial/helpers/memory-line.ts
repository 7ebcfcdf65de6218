// An in-memory serial line for the link tests: two ByteStream ends, bytes delivered
// asynchronously (as a real line does) in the order written, with a hook per direction that may
// drop, corrupt or split what passes, and a way to inject garbage.
import type { ByteStream } from '../../../../profiler-agent/serial/byte-stream.ts';

/** Decides what the other end receives for one write: the bytes (maybe altered), or null to lose them. */
export type Fault = (bytes: Uint8Array) => Uint8Array | null;

export interface LineEnd extends ByteStream {
  /** Bytes the other end will receive as if written by this end, bypassing the fault hook. */
  inject(bytes: Uint8Array): void;
  /** Simulates the cable being pulled on this end. */
  hangUp(reason: string): void;
}

export interface MemoryLine {
  readonly a: LineEnd;
  readonly b: LineEnd;
  /** Faults on the bytes a writes (a → b) and b writes (b → a). */
  faults: { aToB: Fault | null; bToA: Fault | null };
}

export function memoryLine(): MemoryLine {
  const listeners = { a: new Set<(b: Uint8Array) => void>(), b: new Set<(b: Uint8Array) => void>() };
  const closers = { a: new Set<(r: string) => void>(), b: new Set<(r: string) => void>() };
  const line: MemoryLine = {
    a: undefined as unknown as LineEnd,
    b: undefined as unknown as LineEnd,
    faults: { aToB: null, bToA: null },
  };
  const deliver = (to: 'a' | 'b', bytes: Uint8Array): void => {
    const copy = bytes.slice();
    setImmediate(() => {
      for (const l of listeners[to]) l(copy);
    });
  };
  const end = (self: 'a' | 'b'): LineEnd => {
    const other = self === 'a' ? 'b' : 'a';
    return {
      write(bytes) {
        const fault = self === 'a' ? line.faults.aToB : line.faults.bToA;
        const out = fault === null ? bytes : fault(bytes);
        if (out !== null) deliver(other, out);
      },
      inject(bytes) {
        deliver(other, bytes);
      },
      onData(l) {
        listeners[self].add(l);
        return () => listeners[self].delete(l);
      },
      onClose(l) {
        closers[self].add(l);
        return () => closers[self].delete(l);
      },
      hangUp(reason) {
        for (const l of closers[self]) l(reason);
      },
    };
  };
  (line as { a: LineEnd }).a = end('a');
  (line as { b: LineEnd }).b = end('b');
  return line;
}

/** A fault that applies `f` to the n-th write only (1-based) and passes every other write. */
export function onNth(n: number, f: Fault): Fault {
  let count = 0;
  return (bytes) => (++count === n ? f(bytes) : bytes);
}

/** Flips one bit at `index` (negative: from the end). */
export function flipBit(index: number): (bytes: Uint8Array) => Uint8Array {
  return (bytes) => {
    const out = bytes.slice();
    const i = index < 0 ? out.length + index : index;
    out[i] = out[i]! ^ 0x10;
    return out;
  };
}
