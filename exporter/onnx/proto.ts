// The one place memnas loads the ONNX protobuf classes (onnx-proto's static protobufjs code).
// Everything else in exporter/onnx imports `onnx` from here, so the dependency stays in one file
// and int64 fields (decoded as number or Long, depending on protobufjs' Long support) are read
// through one helper.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
// The namespace's types (ModelProto, ITensorProto, …), for type positions.
export type { onnx as OnnxTypes } from 'onnx-proto';

/** An int64 field as protobufjs hands it over: a number, or a Long when the `long` module is present. */
export type Int64 = number | { toNumber(): number };

/**
 * An int64 field as a JS number. Values beyond 2^53 (e.g. INT64_MAX used by exporters as "to the
 * end" in Slice) come back approximate, which is fine for clamping; dims are checked by callers.
 */
export function int64(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

export function int64List(vs: readonly Int64[] | null | undefined): number[] {
  return (vs ?? []).map((v) => int64(v));
}

/** ONNX's default operator-set domain has two spellings. */
export function isDefaultDomain(domain: string | null | undefined): boolean {
  return domain === undefined || domain === null || domain === '' || domain === 'ai.onnx';
}
