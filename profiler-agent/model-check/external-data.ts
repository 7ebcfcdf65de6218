// Finds tensors that keep their data outside the .onnx bytes (TensorProto.external_data or
// data_location = EXTERNAL) anywhere in a model: graph initializers, sparse initializers, every
// node attribute (Constant's `value`, tensor lists, sparse tensors), subgraphs of If/Loop/Scan
// at any depth, functions and training graphs. onnxruntime resolves such a location against the
// model's folder or the working directory — an absolute path included — so a model carrying one
// can read any file on the device and return it in its outputs. The coordinator refuses these at
// upload and every agent again before a runtime sees the bytes; both call this one walk. It reads
// the protobuf wire format directly (no dependency, no copy of any tensor's data).
import { type WireField, WireFormatError, wireFields } from './protobuf-fields.ts';

/** Where in the model a tensor with external data sits, and the file it names. */
export interface ExternalDataFinding {
  readonly kind: 'external';
  /** e.g. "node 'c' (Constant) › attribute 'value'". */
  readonly where: string;
  /** The `location` it names, quoted; 'no location' when it names none. */
  readonly location: string;
}

/** The bytes are not a protobuf message (or nest deeper than any real model). */
export interface MalformedModel {
  readonly kind: 'malformed';
  readonly reason: string;
}

type Message = 'model' | 'graph' | 'node' | 'attribute' | 'tensor' | 'sparse' | 'function' | 'training';

/** Which fields of each message hold the messages that can (transitively) hold a tensor. */
const CHILDREN: Readonly<Record<Message, Readonly<Record<number, readonly [Message, string]>>>> = {
  model: { 7: ['graph', ''], 20: ['training', 'training info'], 25: ['function', 'function'] },
  graph: { 1: ['node', ''], 5: ['tensor', 'initializer'], 15: ['sparse', 'sparse initializer'] },
  node: { 5: ['attribute', 'attribute'] },
  attribute: {
    5: ['tensor', ''],
    6: ['graph', 'subgraph'],
    10: ['tensor', 'tensor'],
    11: ['graph', 'subgraph'],
    22: ['sparse', 'sparse tensor'],
    23: ['sparse', 'sparse tensor'],
  },
  tensor: {},
  sparse: { 1: ['tensor', 'values'], 2: ['tensor', 'indices'] },
  function: { 7: ['node', ''], 11: ['attribute', 'attribute'] },
  training: { 1: ['graph', 'initialization graph'], 2: ['graph', 'algorithm graph'] },
};

/** The field that names each message, for the finding's path. */
const NAME_FIELD: Partial<Record<Message, number>> = {
  graph: 2,
  node: 3,
  attribute: 1,
  tensor: 8,
  function: 1,
};

const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const DATA_LOCATION_EXTERNAL = 1;
/** Subgraphs nest a graph, a node and an attribute per level: 64 levels of If/Loop is plenty. */
const MAX_DEPTH = 200;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** A string field of the model, cut short (names are the model author's, not ours). */
function text(buf: Uint8Array, fields: readonly WireField[], no: number | undefined): string {
  const f = fields.find((x) => x.no === no && x.wire === 2);
  const s = f === undefined ? '' : decoder.decode(buf.subarray(f.start, Math.min(f.end, f.start + 80)));
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** Quoted with every control character escaped, so a name cannot break the one-line message. */
const quoted = (s: string): string => JSON.stringify(s);

function label(message: Message, role: string, buf: Uint8Array, fields: readonly WireField[]): string {
  const name = quoted(text(buf, fields, NAME_FIELD[message]));
  if (message === 'node') return `node ${name} (${quoted(text(buf, fields, 4)).slice(1, -1)})`;
  if (message === 'graph' && role === '') return '';
  return `${role === '' ? message : role}${NAME_FIELD[message] === undefined ? '' : ` ${name}`}`;
}

/** The `location` entry of a tensor's external_data (StringStringEntryProto: key 1, value 2). */
function locationOf(buf: Uint8Array, fields: readonly WireField[]): string {
  for (const f of fields) {
    if (f.no !== TENSOR_EXTERNAL_DATA || f.wire !== 2) continue;
    const entry = wireFields(buf, f.start, f.end);
    const key = entry.find((e) => e.no === 1 && e.wire === 2);
    if (key !== undefined && decoder.decode(buf.subarray(key.start, key.end)) === 'location')
      return quoted(text(buf, entry, 2));
  }
  return 'no location';
}

function isExternal(fields: readonly WireField[]): boolean {
  return fields.some(
    (f) =>
      (f.no === TENSOR_EXTERNAL_DATA && f.wire === 2) ||
      (f.no === TENSOR_DATA_LOCATION && f.wire === 0 && f.value === DATA_LOCATION_EXTERNAL),
  );
}

function walk(
  buf: Uint8Array,
  fields: readonly WireField[],
  message: Message,
  path: readonly string[],
): ExternalDataFinding | null {
  if (path.length > MAX_DEPTH)
    throw new WireFormatError(`the model nests more than ${MAX_DEPTH} levels deep`);
  if (message === 'tensor' && isExternal(fields))
    return {
      kind: 'external',
      where: path.filter((p) => p !== '').join(' › '),
      location: locationOf(buf, fields),
    };
  const children = CHILDREN[message];
  for (const f of fields) {
    const child = children[f.no];
    if (child === undefined || f.wire !== 2) continue;
    const [kind, role] = child;
    const inner = wireFields(buf, f.start, f.end);
    const found = walk(buf, inner, kind, [...path, label(kind, role, buf, inner)]);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The first tensor in the ONNX model `bytes` whose data lives in another file, or null when
 * every tensor's data is inside the bytes; `malformed` when the bytes are not a protobuf message.
 */
export function findExternalData(bytes: Uint8Array): ExternalDataFinding | MalformedModel | null {
  try {
    return walk(bytes, wireFields(bytes, 0, bytes.byteLength), 'model', []);
  } catch (e) {
    if (e instanceof WireFormatError) return { kind: 'malformed', reason: e.message };
    throw e;
  }
}

/** The one-line explanation both sides give when they refuse such a model. */
export function describeExternalData(f: ExternalDataFinding): string {
  return `the model keeps tensor data in another file (${f.where || 'a tensor'} names ${f.location}): a model may not read files on the device; save it with its data inside the .onnx file (onnx.save(model, path, save_as_external_data=False))`;
}
