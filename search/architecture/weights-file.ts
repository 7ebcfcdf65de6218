// The on-disk form of trained weights (`*.weights.bin`): magic 'MNWT', a u32 format version, a
// u32 header length, a JSON header listing each tensor (node, param, shape, offset in floats),
// then little-endian float32 data. One file, no dependency, readable from any language.
import { MemnasError } from '../errors.ts';
import { nodeFacts } from './shapes.ts';
import type { Architecture } from './types.ts';
import type { ArchitectureWeights, NodeWeights, ParamName, WeightTensor } from './weights.ts';

const MAGIC = 0x54574e4d; // 'MNWT' read as little-endian u32
const VERSION = 1;

interface HeaderEntry {
  node: string;
  param: ParamName;
  shape: number[];
  offset: number;
}

export function encodeWeights(weights: ArchitectureWeights): Uint8Array {
  const entries: HeaderEntry[] = [];
  let offset = 0;
  for (const [node, params] of Object.entries(weights)) {
    for (const [param, t] of Object.entries(params) as [ParamName, WeightTensor][]) {
      entries.push({ node, param, shape: [...t.shape], offset });
      offset += t.data.length;
    }
  }
  const header = new TextEncoder().encode(JSON.stringify({ tensors: entries }));
  const headerPadded = Math.ceil(header.length / 4) * 4;
  const out = new Uint8Array(12 + headerPadded + offset * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, headerPadded, true);
  out.set(header, 12);
  out.fill(0x20, 12 + header.length, 12 + headerPadded); // pad the JSON with spaces
  let at = 12 + headerPadded;
  for (const e of entries) {
    for (const v of weights[e.node]![e.param]!.data) {
      view.setFloat32(at, v, true);
      at += 4;
    }
  }
  return out;
}

export function decodeWeights(bytes: Uint8Array, source = 'weights'): ArchitectureWeights {
  const fail = (why: string): never => {
    throw new MemnasError('WEIGHTS_INVALID', `${source}: ${why}`);
  };
  if (bytes.length < 12) fail('too short to be a memnas weights file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail("not a memnas weights file (no 'MNWT' magic)");
  if (view.getUint32(4, true) !== VERSION)
    fail(`unsupported weights format version ${view.getUint32(4, true)}`);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) fail('truncated header');
  let entries: HeaderEntry[] = [];
  try {
    entries = (
      JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as {
        tensors: HeaderEntry[];
      }
    ).tensors;
  } catch {
    fail('corrupt header');
  }
  const dataStart = 12 + headerLength;
  const floats = (bytes.length - dataStart) / 4;
  const result: Record<string, NodeWeights> = {};
  for (const e of entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset + size > floats) fail(`truncated data for ${e.node}.${e.param}`);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = view.getFloat32(dataStart + 4 * (e.offset + i), true);
    result[e.node] = { ...result[e.node], [e.param]: { shape: e.shape, data } };
  }
  return result;
}

/** Throws WEIGHTS_INVALID naming the first node/parameter that does not match the architecture. */
export function checkWeights(arch: Architecture, weights: ArchitectureWeights): void {
  const fail = (why: string): never => {
    throw new MemnasError('WEIGHTS_INVALID', `weights do not match architecture '${arch.name}': ${why}`);
  };
  const facts = nodeFacts(arch);
  const known = new Set(facts.map((f) => f.node.id));
  for (const node of Object.keys(weights))
    if (!known.has(node)) fail(`node '${node}' is not in the architecture`);
  for (const f of facts) {
    const given = weights[f.node.id] ?? {};
    for (const [param, shape] of Object.entries(f.paramShapes) as [ParamName, readonly number[]][]) {
      const t = given[param];
      if (t === undefined) fail(`node '${f.node.id}' lacks '${param}'`);
      else if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        fail(
          `node '${f.node.id}' '${param}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`,
        );
      } else if (t.data.length !== shape.reduce((a, b) => a * b, 1)) {
        fail(`node '${f.node.id}' '${param}' holds ${t.data.length} values for shape [${shape.join(', ')}]`);
      }
    }
    for (const param of Object.keys(given)) {
      if (!(param in f.paramShapes)) fail(`node '${f.node.id}' (${f.node.op}) has no parameter '${param}'`);
    }
  }
}
