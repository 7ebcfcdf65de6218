// The contract between graph sources (an architecture JSON, an ONNX file) and the memory model.
// A MemoryGraph knows only tensors, their byte sizes at one batch size, and which node reads and
// writes which tensor; parameters are counted separately and never enter liveness.

export interface MemoryNode {
  readonly name: string;
  /** Operator name, for reports (e.g. 'conv', 'Conv', 'Concat'). */
  readonly op: string;
  /** Activation tensors read (parameters/initializers excluded). A name may repeat. */
  readonly inputs: readonly string[];
  /** Activation tensors written. */
  readonly outputs: readonly string[];
}

export interface MemoryGraph {
  /** Every activation tensor → its size in bytes (at the batch size the graph was built for). */
  readonly tensors: ReadonlyMap<string, number>;
  /** Nodes in file order (a valid topological order). */
  readonly nodes: readonly MemoryNode[];
  /** Tensors alive before the first node runs (fed by the caller). */
  readonly graphInputs: readonly string[];
  /** Tensors that must stay alive until the end (returned to the caller). */
  readonly graphOutputs: readonly string[];
}

export interface LiveTensor {
  readonly tensor: string;
  readonly bytes: number;
}

/** What `analyzeMemory` reports; field names are the public JSON of `memnas estimate --json`. */
export interface MemoryAnalysis {
  readonly paramBytes: number;
  /** Peak of live activation bytes under the best order found, strict rule. */
  readonly peakActivationBytes: number;
  /** Peak in file order, strict rule. */
  readonly fileOrderPeakActivationBytes: number;
  /** Peak under the method's (MemNAS §3) rule: level-by-level, released when the last consumer runs. */
  readonly methodPeakActivationBytes: number;
  /** paramBytes + peakActivationBytes. */
  readonly totalBytes: number;
  /** Node names in the best order found. */
  readonly order: readonly string[];
  /** Tensors alive at the peak of the best order, largest first. */
  readonly liveAtPeak: readonly LiveTensor[];
  /** Node running when the best order's peak is reached. */
  readonly peakNode: string;
  /** Tensors alive at the file-order peak, largest first. */
  readonly fileOrderLiveAtPeak: readonly LiveTensor[];
  /** How the best order was found: 'exact' (proven minimal) or 'heuristic' (budget ran out). */
  readonly orderSearch: {
    readonly method: 'exact' | 'heuristic';
    readonly statesExplored: number;
  };
}
