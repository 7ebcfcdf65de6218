// The memory capture on hand-made WebAssembly modules, on a copy of the namespace (the global
// one is left alone): a memory created in JS, one a module exports, and each way to instantiate.
import { describe, expect, it } from 'vitest';
import {
  installWasmMemoryCapture,
  type WasmNamespace,
  writtenExtent,
} from '../../../profiler-agent/browser/wasm-memory.ts';

const PAGE = 65_536;
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** (memory (export "mem") 1): the module defines its memory. */
const EXPORTS_MEMORY = new Uint8Array([
  ...HEADER,
  0x05,
  0x03,
  0x01,
  0x00,
  0x01,
  0x07,
  0x07,
  0x01,
  0x03,
  0x6d,
  0x65,
  0x6d,
  0x02,
  0x00,
]);
/** (import "env" "mem" (memory 1)): the module takes a memory made in JS, as Emscripten's threaded builds do. */
const IMPORTS_MEMORY = new Uint8Array([
  ...HEADER,
  0x02,
  0x0c,
  0x01,
  0x03,
  0x65,
  0x6e,
  0x76,
  0x03,
  0x6d,
  0x65,
  0x6d,
  0x02,
  0x00,
  0x01,
]);

function namespace(): WasmNamespace {
  return {
    Memory: WebAssembly.Memory,
    Instance: WebAssembly.Instance,
    instantiate: WebAssembly.instantiate,
    instantiateStreaming: WebAssembly.instantiateStreaming,
  };
}

describe('installWasmMemoryCapture', () => {
  it('captures memories made with the constructor and follows their growth', () => {
    const ns = namespace();
    const capture = installWasmMemoryCapture(ns);
    const memory = new ns.Memory({ initial: 2 });
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(memory).toBeInstanceOf(ns.Memory);
    expect(capture.bytes()).toBe(2 * PAGE);
    memory.grow(3);
    expect(capture.bytes()).toBe(5 * PAGE);
    expect(capture.memories()).toEqual([memory]);
    expect(WebAssembly.Memory).not.toBe(ns.Memory);
  });

  it('captures a memory a module imports and one it exports, however it is instantiated', async () => {
    const ns = namespace();
    const capture = installWasmMemoryCapture(ns);
    const imported = new ns.Memory({ initial: 1 });
    await ns.instantiate(IMPORTS_MEMORY, { env: { mem: imported } });
    const fromBytes = await ns.instantiate(EXPORTS_MEMORY);
    const fromModule = await ns.instantiate(new WebAssembly.Module(EXPORTS_MEMORY));
    const sync = new ns.Instance(new WebAssembly.Module(EXPORTS_MEMORY));
    const streamed = await ns.instantiateStreaming!(
      new Response(EXPORTS_MEMORY, { headers: { 'content-type': 'application/wasm' } }),
    );
    expect(capture.memories()).toEqual([
      imported,
      fromBytes.instance.exports.mem,
      fromModule.exports.mem,
      sync.exports.mem,
      streamed.instance.exports.mem,
    ]);
    expect(capture.bytes()).toBe(5 * PAGE);
  });

  it('counts a memory once however often it is seen', async () => {
    const ns = namespace();
    const capture = installWasmMemoryCapture(ns);
    const shared = new ns.Memory({ initial: 1 });
    await ns.instantiate(IMPORTS_MEMORY, { env: { mem: shared } });
    await ns.instantiate(IMPORTS_MEMORY, { env: { mem: shared } });
    expect(capture.memories()).toHaveLength(1);
    expect(capture.bytes()).toBe(PAGE);
  });

  it('reads the high-water mark of written bytes, which a free (unwritten) top does not move', () => {
    const ns = namespace();
    const capture = installWasmMemoryCapture(ns);
    const memory = new ns.Memory({ initial: 2 });
    expect(capture.touchedBytes()).toBe(0);
    const bytes = new Uint8Array(memory.buffer);
    bytes[1000] = 7;
    expect(capture.touchedBytes()).toBe(1001);
    memory.grow(4); // reserved, never written
    expect(capture.bytes()).toBe(6 * PAGE);
    expect(capture.touchedBytes()).toBe(1001);
    new Uint8Array(memory.buffer)[3 * PAGE + 2] = 1; // an odd offset inside a word
    expect(capture.touchedBytes()).toBe(3 * PAGE + 3);
    // The mark is what the contents say: it holds because allocators do not clear what they free.
    new Uint8Array(memory.buffer)[3 * PAGE + 2] = 0;
    expect(capture.touchedBytes()).toBe(1001);
  });
});

describe('writtenExtent', () => {
  it('finds the last non-zero byte at any alignment, and 0 in an all-zero buffer', () => {
    expect(writtenExtent(new ArrayBuffer(64))).toBe(0);
    for (const at of [0, 1, 2, 3, 4, 61, 62, 63]) {
      const b = new Uint8Array(64);
      b[at] = 0x80;
      expect(writtenExtent(b.buffer)).toBe(at + 1);
    }
    const odd = new Uint8Array(7); // not a whole number of words
    odd[6] = 1;
    expect(writtenExtent(odd.buffer)).toBe(7);
    odd[6] = 0;
    odd[5] = 1;
    expect(writtenExtent(odd.buffer)).toBe(6);
  });
});
