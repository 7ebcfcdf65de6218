// The protocol's SessionOptions as onnxruntime-web takes them, and what it does with each. The
// wasm backend passes graph optimization level, arena, memory pattern and execution mode to the
// native session, but has no per-session thread pools: intra-op threads are the global
// env.wasm.numThreads (set once, before the runtime initialises), and inter-op threads do not
// exist (sequential execution). Results carry the options unchanged plus a note saying this.
import type { SessionOptions } from '../protocol.ts';

/** The session options ort-web accepts (a subset of InferenceSession.SessionOptions). */
export interface OrtWebSessionOptions {
  readonly executionProviders: readonly string[];
  readonly graphOptimizationLevel: SessionOptions['graphOptimizationLevel'];
  readonly enableCpuMemArena: boolean;
  readonly enableMemPattern: boolean;
  readonly executionMode: SessionOptions['executionMode'];
  readonly logSeverityLevel: 0 | 1 | 2 | 3 | 4;
}

export function ortWebSessionOptions(options: SessionOptions): OrtWebSessionOptions {
  return {
    executionProviders: ['wasm'],
    graphOptimizationLevel: options.graphOptimizationLevel,
    enableCpuMemArena: options.enableCpuMemArena,
    enableMemPattern: options.enableMemPattern,
    executionMode: options.executionMode,
    logSeverityLevel: 3,
  };
}

/** The one line a browser result carries about how its session options were applied. */
export function sessionOptionsNote(options: SessionOptions): string {
  return (
    `ort-web (wasm execution provider) applied graphOptimizationLevel, enableCpuMemArena, enableMemPattern and executionMode; ` +
    `intraOpNumThreads ${options.intraOpNumThreads} was applied as env.wasm.numThreads; interOpNumThreads has no effect in ort-web`
  );
}
