// The InferenceRuntime contract: what the measurement needs from an ONNX runtime, and nothing
// more. ort-node (Node agent) implements it now; ort-web (browser agent) will implement the same.
import type { SessionOptions } from '../protocol.ts';

/** A model input as the runtime reports it; string dims are symbolic (e.g. 'N', 'batch'). */
export interface InputSpec {
  readonly name: string;
  /** ONNX element type as the runtime names it ('float32', 'int64', …). */
  readonly type: string;
  readonly shape: readonly (number | string)[];
}

/** A batch of inputs built once, run many times: timing never includes input generation. */
export interface PreparedBatch {
  readonly batch: number;
  run(): Promise<void>;
}

/** A float32 tensor crossing the runtime boundary (inputs given, outputs returned). */
export interface FloatTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface LoadedModel {
  readonly inputs: readonly InputSpec[];
  /**
   * Runs the model on given float32 inputs and returns every float32 output by name: export
   * verification and on-device accuracy need real data, not random batches.
   */
  infer(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>>;
  /**
   * Random inputs (fixed seed) matching the model's inputs with the batch (first) dimension set
   * to `batch`. Throws AgentError MODEL_UNSUPPORTED when the model cannot take that batch.
   */
  prepare(batch: number): PreparedBatch;
  dispose(): Promise<void>;
}

export interface InferenceRuntime {
  readonly name: string;
  readonly version: string;
  /** Creates a session from ONNX bytes; AgentError MODEL_INVALID when the runtime rejects them. */
  load(model: Uint8Array, options: SessionOptions): Promise<LoadedModel>;
  /**
   * The graph the runtime runs, after its own optimizations under `options` (layout changes,
   * fusions, inserted reorders), as ONNX bytes; absent when the runtime cannot write it
   * (onnxruntime-web's release builds do not). AgentError MODEL_INVALID when the runtime rejects
   * the model.
   */
  optimize?(model: Uint8Array, options: SessionOptions): Promise<Uint8Array>;
}

/** A registry entry: loaded on first use; `load` throws RUNTIME_UNAVAILABLE when it cannot be. */
export interface RuntimeEntry {
  readonly name: string;
  /** Higher wins under 'auto'. */
  readonly priority: number;
  load(): Promise<InferenceRuntime>;
}
