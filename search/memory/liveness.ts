// The strict liveness rule, simulated along one execution order. Graph inputs are alive from the
// start; a tensor is born when its producer runs; while node n runs, everything alive plus n's
// outputs counts (so n's inputs and outputs count together); after n runs, a tensor whose every
// consumer has run is released unless it is a graph output. Unread outputs count only while their
// producer runs; graph inputs nobody reads (and that are not graph outputs) are ignored.
import { MemnasError } from '../errors.ts';
import type { LiveTensor, MemoryGraph } from './graph.ts';
import { indexGraph, type IndexedGraph } from './indexed-graph.ts';

export interface OrderPeak {
  readonly peakBytes: number;
  /** Node running at the (first) peak; '' for a graph without nodes. */
  readonly peakNode: string;
  /** Tensors alive at the peak, largest first. */
  readonly liveAtPeak: LiveTensor[];
}

/** Live bytes while each node of the order runs, plus where the first maximum is. */
export interface StepTrace {
  readonly stepBytes: Float64Array;
  readonly peakBytes: number;
  /** Index into the order of the first peak step, -1 for an empty graph. */
  readonly peakStep: number;
}

function orderInvalid(message: string): MemnasError {
  return new MemnasError('MEMORY_ORDER_INVALID', message);
}

/** Node indices for `order`, checking that it names every node exactly once. */
export function resolveOrder(ig: IndexedGraph, order: readonly string[]): Int32Array {
  if (order.length !== ig.nodeCount) {
    throw orderInvalid(`order has ${order.length} entries but the graph has ${ig.nodeCount} nodes`);
  }
  const seen = new Uint8Array(ig.nodeCount);
  return Int32Array.from(order, (name) => {
    const n = ig.nodeIndex.get(name);
    if (n === undefined) throw orderInvalid(`order names unknown node '${name}'`);
    if (seen[n] === 1) throw orderInvalid(`order runs node '${name}' twice`);
    seen[n] = 1;
    return n;
  });
}

/**
 * Runs the strict rule along `order` (node indices naming every node once). Stops after
 * `stopAfter` steps when given, leaving `alive` describing the live set while that step runs.
 * Throws MEMORY_ORDER_INVALID when a node runs before one of its inputs is produced.
 */
function simulate(ig: IndexedGraph, order: Int32Array, alive: Uint8Array, stopAfter = -1): StepTrace {
  const remaining = Int32Array.from(ig.consumers, (c) => c.length);
  let live = 0;
  for (const t of ig.initialLive) {
    alive[t] = 1;
    live += ig.bytes[t] ?? 0;
  }
  const produced = new Uint8Array(ig.bytes.length);
  for (const input of ig.graph.graphInputs) produced[ig.tensorId.get(input) ?? 0] = 1;
  const stepBytes = new Float64Array(order.length);
  let peakBytes = live;
  let peakStep = -1;
  for (let step = 0; step < order.length; step++) {
    const n = order[step] ?? 0;
    const inputs = ig.nodeInputs[n] ?? new Int32Array();
    const outputs = ig.nodeOutputs[n] ?? new Int32Array();
    for (const t of inputs) {
      if (produced[t] !== 1) {
        throw orderInvalid(
          `node '${ig.graph.nodes[n]?.name}' runs before its input '${ig.tensorNames[t]}' is produced`,
        );
      }
    }
    const cost = live + (ig.outBytes[n] ?? 0);
    stepBytes[step] = cost;
    // The first step is never below the initial live set, so it always opens the peak.
    if (peakStep < 0 || cost > peakBytes) {
      peakBytes = cost;
      peakStep = step;
    }
    for (const t of outputs) {
      produced[t] = 1;
      alive[t] = 1;
    }
    if (step === stopAfter) return { stepBytes, peakBytes, peakStep };
    for (const t of outputs) {
      if ((ig.consumers[t]?.length ?? 0) > 0 || ig.isOutput[t] === 1) live += ig.bytes[t] ?? 0;
      else alive[t] = 0;
    }
    for (const t of inputs) {
      remaining[t] = (remaining[t] ?? 0) - 1;
      if (remaining[t] === 0 && ig.isOutput[t] !== 1) {
        alive[t] = 0;
        live -= ig.bytes[t] ?? 0;
      }
    }
  }
  return { stepBytes, peakBytes, peakStep };
}

/** Strict-rule live bytes per step of `order` (node indices), and the first peak. */
export function traceOrder(ig: IndexedGraph, order: Int32Array): StepTrace {
  return simulate(ig, order, new Uint8Array(ig.bytes.length));
}

/** Tensors alive while step `step` of `order` runs, largest first (ties by name). */
export function liveAtStep(ig: IndexedGraph, order: Int32Array, step: number): LiveTensor[] {
  const alive = new Uint8Array(ig.bytes.length);
  simulate(ig, order, alive, step);
  const live: LiveTensor[] = [];
  alive.forEach((flag, t) => {
    if (flag === 1) live.push({ tensor: ig.tensorNames[t] ?? '', bytes: ig.bytes[t] ?? 0 });
  });
  return sortLargestFirst(live);
}

export function sortLargestFirst(live: LiveTensor[]): LiveTensor[] {
  return live.sort((a, b) => b.bytes - a.bytes || (a.tensor < b.tensor ? -1 : a.tensor > b.tensor ? 1 : 0));
}

/** Peak, peak node and live set of an order given as node indices. */
export function peakOfIndexedOrder(ig: IndexedGraph, order: Int32Array): OrderPeak {
  const trace = traceOrder(ig, order);
  if (trace.peakStep < 0) {
    return { peakBytes: trace.peakBytes, peakNode: '', liveAtPeak: liveAtStep(ig, order, -1) };
  }
  const n = order[trace.peakStep] ?? 0;
  return {
    peakBytes: trace.peakBytes,
    peakNode: ig.graph.nodes[n]?.name ?? '',
    liveAtPeak: liveAtStep(ig, order, trace.peakStep),
  };
}

/**
 * Peak live activation bytes of running `graph` in `order` under the strict rule.
 * Throws MEMORY_GRAPH_INVALID for a bad graph, MEMORY_ORDER_INVALID for a bad order.
 */
export function peakForOrder(graph: MemoryGraph, order: readonly string[]): OrderPeak {
  const ig = indexGraph(graph);
  return peakOfIndexedOrder(ig, resolveOrder(ig, order));
}

/** Live bytes while each node of `order` runs (strict rule), for reports and plots. */
export function liveBytesPerStep(
  graph: MemoryGraph,
  order: readonly string[],
): { node: string; bytes: number }[] {
  const ig = indexGraph(graph);
  const resolved = resolveOrder(ig, order);
  const trace = traceOrder(ig, resolved);
  return Array.from(resolved, (n, step) => ({
    node: ig.graph.nodes[n]?.name ?? '',
    bytes: trace.stepBytes[step] ?? 0,
  }));
}
