// What the loop reports while it runs; the CLI turns these into a progress bar or plain lines.
import type { CandidateRecord, RoundRecord } from './types.ts';

export type LoopEvent =
  | {
      readonly kind: 'round-start';
      readonly round: number;
      readonly picks: number;
      readonly proposed: number;
      /** Removed by either budget (memory, or predicted latency). */
      readonly overBudget: number;
      /** Of those, removed by the predicted latency alone; present only with a latency budget. */
      readonly overLatency?: number;
      readonly picker: RoundRecord['picker'];
    }
  | { readonly kind: 'candidate-done'; readonly round: number; readonly candidate: CandidateRecord }
  | { readonly kind: 'round-done'; readonly round: RoundRecord; readonly parent: CandidateRecord | undefined }
  | { readonly kind: 'runoff-start'; readonly round: number; readonly finalists: readonly number[] }
  | { readonly kind: 'runoff-done'; readonly round: number; readonly candidate: CandidateRecord }
  | { readonly kind: 'controller-fit'; readonly examples: number; readonly seconds: number };

/** 'latency-unmet': no trained seed met the latency budget; the fastest measured is kept as the result. */
export type StopReason =
  'time' | 'no-improvement' | 'max-cells' | 'exhausted' | 'over-budget' | 'latency-unmet';
