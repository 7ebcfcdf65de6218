// The MemNAS paper's liveness rule (METHOD.md §3, the lifetime figure): operations run level by
// level as soon as their inputs exist; a tensor is born at its producer's step and released AT the
// step its last consumer runs (so it does not count there); tensors born at a step count at that
// step even if nobody reads them; graph outputs stay alive to the end. Step 0 holds the graph
// inputs. As in the strict rule, a graph input nobody reads (and not a graph output) is ignored.
import type { LiveTensor, MemoryGraph } from './graph.ts';
import { indexGraph } from './indexed-graph.ts';
import { sortLargestFirst } from './liveness.ts';

export interface MethodStep {
  readonly step: number;
  /** Nodes running at this step (file order). */
  readonly nodes: string[];
  /** Tensors alive at this step, largest first. */
  readonly live: LiveTensor[];
  readonly bytes: number;
}

export interface MethodRulePeak {
  readonly peakBytes: number;
  /** First step reaching the peak (0 = graph inputs only). */
  readonly peakStep: number;
  readonly liveAtPeak: LiveTensor[];
  readonly steps: MethodStep[];
}

/** Peak live activation bytes under the method's level-by-level rule, with every step's live set. */
export function methodRulePeak(graph: MemoryGraph): MethodRulePeak {
  const ig = indexGraph(graph);
  // level(node) = 1 + max level of the producers of its inputs; graph inputs sit at level 0.
  const level = new Int32Array(ig.nodeCount);
  let lastStep = 0;
  for (let n = 0; n < ig.nodeCount; n++) {
    let l = 1;
    for (const p of ig.preds[n] ?? []) l = Math.max(l, (level[p] ?? 0) + 1);
    level[n] = l;
    lastStep = Math.max(lastStep, l);
  }
  const steps = Array.from({ length: lastStep + 1 }, (_, step) => ({
    step,
    nodes: [] as string[],
    live: [] as LiveTensor[],
    bytes: 0,
  }));
  ig.graph.nodes.forEach((node, n) => steps[level[n] ?? 0]?.nodes.push(node.name));

  const counted = new Uint8Array(ig.bytes.length);
  for (const t of ig.initialLive) counted[t] = 1;
  ig.producer.forEach((p, t) => {
    if (p >= 0) counted[t] = 1;
  });
  counted.forEach((flag, t) => {
    if (flag !== 1) return;
    const p = ig.producer[t] ?? -1;
    const born = p >= 0 ? (level[p] ?? 0) : 0;
    let lastUse = -1;
    for (const c of ig.consumers[t] ?? []) lastUse = Math.max(lastUse, level[c] ?? 0);
    // Alive from birth until the step before its last consumer; at least at its birth step.
    const end = ig.isOutput[t] === 1 ? lastStep : Math.max(born, lastUse - 1);
    const entry = { tensor: ig.tensorNames[t] ?? '', bytes: ig.bytes[t] ?? 0 };
    for (let s = born; s <= end; s++) {
      const step = steps[s];
      if (step === undefined) continue;
      step.live.push(entry);
      step.bytes += entry.bytes;
    }
  });

  let peakStep = 0;
  for (const step of steps) {
    sortLargestFirst(step.live);
    if (step.bytes > (steps[peakStep]?.bytes ?? 0)) peakStep = step.step;
  }
  const peak = steps[peakStep];
  return { peakBytes: peak?.bytes ?? 0, peakStep, liveAtPeak: [...(peak?.live ?? [])], steps };
}
