// Fakes for the loop's contracts: an in-memory store, a trainer whose accuracy is a pure
// function of the genotype, a memory oracle from cell counts, and a clock tests advance by hand.
import type { Architecture } from '../../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../../search/architecture/weights.ts';
import type { Clock } from '../../../search/loop/clock.ts';
import type { MemoryOracle } from '../../../search/loop/memory-oracle.ts';
import type {
  NewCandidate,
  NewRound,
  RoundOutcome,
  SearchStore,
  TrainedUpdate,
} from '../../../search/loop/store.ts';
import type { LoopConfig, LoopDeps } from '../../../search/loop/loop-config.ts';
import type { LoopEvent } from '../../../search/loop/events.ts';
import { withRoundFinished } from '../../../search/loop/store.ts';
import { paperObjective } from '../../../search/objective/paper.ts';
import type { CandidateTrainer, CandidateTrainResult, TrainStart } from '../../../search/loop/trainer.ts';
import type { CandidateRecord, MemoryFigures, RoundRecord } from '../../../search/loop/types.ts';
import type { Genotype } from '../../../search/space/genotype.ts';

export class MemoryStore implements SearchStore {
  readonly list: CandidateRecord[] = [];
  roundList: RoundRecord[] = [];
  readonly weightMap = new Map<number, ArchitectureWeights>();

  candidates(): CandidateRecord[] {
    return [...this.list];
  }
  rounds(): RoundRecord[] {
    return [...this.roundList];
  }
  startRound(round: NewRound, picks: readonly NewCandidate[]): number[] {
    const ids = picks.map((p) => {
      const { architecture: _a, ...rest } = p;
      const id = this.list.length + 1;
      this.list.push({
        ...rest,
        id,
        status: 'pending',
        validationAccuracy: null,
        metric: null,
        measuredBytes: null,
        trainSeconds: null,
        error: null,
      });
      return id;
    });
    this.roundList.push({
      ...round,
      picks: ids,
      done: false,
      nextParentId: null,
      improved: false,
      quality: null,
    });
    return ids;
  }
  private patch(id: number, change: Partial<CandidateRecord>): void {
    const i = this.list.findIndex((c) => c.id === id);
    this.list[i] = { ...this.list[i]!, ...change };
  }
  markTrained(id: number, u: TrainedUpdate): void {
    this.patch(id, {
      status: 'trained',
      validationAccuracy: u.validationAccuracy,
      trainSeconds: u.trainSeconds,
    });
    this.weightMap.set(id, u.weights);
  }
  markFailed(id: number, error: string): void {
    this.patch(id, { status: 'failed', error });
  }
  markRunoff(id: number, u: TrainedUpdate): void {
    this.patch(id, { runoffAccuracy: u.validationAccuracy });
    this.weightMap.set(id, u.weights);
  }
  setMeasured(id: number, bytes: number): void {
    this.patch(id, { measuredBytes: bytes });
  }
  finishRound(round: number, o: RoundOutcome): void {
    for (const [id, metric] of o.metrics) this.patch(id, { metric });
    this.roundList = withRoundFinished(this.roundList, round, o);
  }
  weights(id: number): ArchitectureWeights | null {
    return this.weightMap.get(id) ?? null;
  }
}

export class ManualClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
}

const cells = (g: Genotype): number => g.blocks.reduce((s, b) => s + b.cells.length, 0) / g.blocks.length;
const genotypeOf = (arch: Architecture): Genotype => arch.genotype as Genotype;

/** Accuracy grows with cells and with conv3x3 use; each training advances the clock. */
export class FakeTrainer implements CandidateTrainer {
  readonly trained: string[] = [];
  /** Per training, in order: whether it started from inherited weights, and its round. */
  readonly starts: { name: string; inherited: boolean; round: number }[] = [];
  failNames = new Set<string>();
  constructor(
    readonly parallelism: number,
    private readonly clock: ManualClock,
    private readonly secondsEach = 10,
  ) {}
  async train(arch: Architecture, how?: TrainStart): Promise<CandidateTrainResult> {
    await Promise.resolve();
    this.starts.push({ name: arch.name, inherited: how?.start !== undefined, round: how?.round ?? -1 });
    this.clock.t += (this.secondsEach * 1000) / this.parallelism;
    this.trained.push(arch.name);
    if (this.failNames.has(arch.name)) throw new Error(`fake failure of ${arch.name}`);
    const g = genotypeOf(arch);
    const convs = g.blocks[0]!.cells.flatMap((c) => c.ops).filter((o) => o === 'conv3x3').length;
    return {
      validationAccuracy: Math.min(0.99, 0.5 + 0.08 * cells(g) + 0.03 * convs),
      seconds: this.secondsEach,
      weights: {},
    };
  }
}

/** Memory proportional to cells per block (and width). */
export const cellOracle = (bytesPerCell = 50_000): MemoryOracle => ({
  estimate(arch: Architecture): MemoryFigures {
    const g = genotypeOf(arch);
    const n = cells(g) * (g.width / 8);
    return {
      paramBytes: n * bytesPerCell * 0.3,
      peakActivationBytes: n * bytesPerCell * 0.7,
      totalBytes: n * bytesPerCell,
      source: 'analytic',
    };
  },
});

/** A small search of 8×8 inputs the loop tests start from (paper objective, generous budget). */
export const LOOP_CONFIG: LoopConfig = {
  lambda: 0.9,
  objective: paperObjective,
  inherit: true,
  memoryBudgetBytes: 1_000_000,
  space: { shape: [8, 8, 1], classes: 3 },
  width: 8,
  stem: 8,
  seedSize: 4,
  k: 4,
  maxCells: 3,
  runoff: 0,
  patience: 2,
  controllerFreeRounds: 2,
  seed: 1,
  deadline: 10_000_000,
  candidateSeconds: 10,
};

/** A trained round-1 candidate of parent 1 (memory 30 B unless given): the loop's pure helpers' input. */
export function trainedRecord(
  id: number,
  c: Pick<CandidateRecord, 'genotype' | 'mutation'> & Partial<CandidateRecord>,
): CandidateRecord {
  return {
    key: `k${id}`,
    round: 1,
    parentId: 1,
    memory: { paramBytes: 10, peakActivationBytes: 20, totalBytes: 30, source: 'analytic' },
    inheritedFrom: 1,
    controllerScore: null,
    status: 'trained',
    validationAccuracy: 0.8,
    metric: null,
    measuredBytes: null,
    trainSeconds: 1,
    error: null,
    ...c,
    id,
  };
}

/** The loop's dependencies over fakes (memory from cell counts), every event it reports kept in `events`. */
export function fakeDeps(store: SearchStore, trainer: CandidateTrainer, clock: ManualClock) {
  const events: LoopEvent[] = [];
  const deps: LoopDeps = {
    store,
    trainer,
    oracle: cellOracle(),
    clock,
    onEvent: (e) => {
      events.push(e);
    },
  };
  return { deps, events };
}
