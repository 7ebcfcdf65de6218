// Turns sequence plans (search/controller/rounds.ts) into the flat arrays one training step
// needs: encodings [sequences, 1 + length, features] with the parent first, standardised targets,
// a mask of real positions and the matrix of truly-ordered sibling pairs. Plain JS, no tensors.
import type { RoundGroup, SequencePlan } from '../../search/controller/rounds.ts';

export interface EncodedGroup {
  readonly parent: Float32Array;
  readonly candidates: readonly Float32Array[];
}

export interface TrainingBatch {
  readonly sequences: number;
  readonly length: number;
  readonly encodings: Float32Array;
  readonly targets: Float32Array;
  readonly mask: Float32Array;
  readonly pairs: Float32Array;
  readonly pairCount: number;
  readonly realCount: number;
}

export function buildBatch(
  groups: readonly RoundGroup[],
  encoded: readonly EncodedGroup[],
  plans: readonly SequencePlan[],
  features: number,
): TrainingBatch {
  const sequences = plans.length;
  const length = Math.max(1, ...plans.map((p) => p.members.length));
  const encodings = new Float32Array(sequences * (length + 1) * features);
  const targets = new Float32Array(sequences * length);
  const mask = new Float32Array(sequences * length);
  const pairs = new Float32Array(sequences * length * length);
  let pairCount = 0;
  let realCount = 0;
  plans.forEach((plan, s) => {
    const group = groups[plan.group]!;
    const enc = encoded[plan.group]!;
    encodings.set(enc.parent, s * (length + 1) * features);
    plan.members.forEach((m, i) => {
      encodings.set(enc.candidates[m]!, (s * (length + 1) + 1 + i) * features);
      targets[s * length + i] = group.targets[m]!;
      mask[s * length + i] = 1;
      realCount++;
      plan.members.forEach((other, j) => {
        if (group.metrics[m]! > group.metrics[other]!) {
          pairs[(s * length + i) * length + j] = 1;
          pairCount++;
        }
      });
    });
  });
  return { sequences, length, encodings, targets, mask, pairs, pairCount, realCount };
}

/** Scoring layout: the candidates in the order given, cut into consecutive sequences of at most `maxLength`. */
export function buildScoringBatch(
  parent: Float32Array,
  candidates: readonly Float32Array[],
  maxLength: number,
  features: number,
): { sequences: number; length: number; encodings: Float32Array } {
  const length = Math.max(
    1,
    Math.min(candidates.length, Number.isFinite(maxLength) ? maxLength : candidates.length),
  );
  const sequences = Math.max(1, Math.ceil(candidates.length / length));
  const encodings = new Float32Array(sequences * (length + 1) * features);
  for (let s = 0; s < sequences; s++) encodings.set(parent, s * (length + 1) * features);
  candidates.forEach((c, i) => {
    const s = Math.floor(i / length);
    encodings.set(c, (s * (length + 1) + 1 + (i % length)) * features);
  });
  return { sequences, length, encodings };
}
