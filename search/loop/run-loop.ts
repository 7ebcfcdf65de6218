// The grow-trim search loop (METHOD §2) against contracts only: a seed round, then rounds of
// grow/trim children → memory budget filter → controller ranking → top K trained in parallel →
// metric against the parent → best becomes the next parent. Every step is persisted through the
// SearchStore before the loop moves on, so a run resumed from its store retrains nothing.
import { MemnasError } from '../errors.ts';
import type { Architecture } from '../architecture/types.ts';
import { buildArchitecture, type SpaceInput } from '../space/build.ts';
import { genotypeKey } from '../space/genotype.ts';
import { childCandidates, seedCandidates, type Candidate } from '../space/grow-trim.ts';
import type { Clock } from './clock.ts';
import type { Controller, ControllerExample } from '../controller/contract.ts';
import type { LoopEvent, StopReason } from './events.ts';
import type { MemoryOracle } from './memory-oracle.ts';
import { runPool } from './pool.ts';
import { rankingQuality } from './ranking-quality.ts';
import {
  chooseBest,
  latencyOf,
  type RoundChoice,
  meanReference,
  metricInputs,
  totalMemory,
  withinBudget,
  withinLatency,
} from './select.ts';
import type { NewCandidate, SearchStore } from './store.ts';
import type { CandidateTrainer } from './trainer.ts';
import type { CandidateRecord, RoundRecord } from './types.ts';
import { inheritedStart } from './inherited-start.ts';
import { runoffComplete, runoffFinalists } from './runoff.ts';
import { baselinePick, nextParent } from './baseline.ts';
import { shuffle, stratifiedShuffle } from './random-order.ts';
import type { LatencyTerm, Objective, ObjectiveContext } from '../objective/types.ts';
import type { LatencyFigures } from './types.ts';
import type { MetricInputs } from '../metric.ts';

export interface LoopConfig {
  /** λ: accuracy against memory, as the objective reads it. */
  readonly lambda: number;
  /** How a trained candidate scores against its parent (search/objective/). */
  readonly objective: Objective;
  /** Children start from their parent's trained weights (weight inheritance); seeds from scratch. */
  readonly inherit: boolean;
  /** Hard limit on total memory, bytes. */
  readonly memoryBudgetBytes: number;
  /**
   * Hard limit on the device's batch-1 p50, milliseconds, and its weight in the objective; absent:
   * latency is recorded (when the oracle has it) but neither limits nor scores.
   */
  readonly latency?: LatencyTerm;
  readonly space: SpaceInput;
  /** First-block cell width and stem channels of every candidate. */
  readonly width: number;
  readonly stem: number;
  /** Stride of the stem conv (absent: 1). */
  readonly stemStride?: 1 | 2;
  /** Seed networks trained in round 0. */
  readonly seedSize: number;
  /** Most candidates trained per later round. */
  readonly k: number;
  /** Stop once the parent has this many cells per block (the published search ended at 6). */
  readonly maxCells: number;
  /** Children that go to the round's runoff (runoff.ts) beside the baseline; 0: none. */
  readonly runoff: number;
  /** Stop after this many rounds in a row without a better parent; null: never for that reason. */
  readonly patience: number | null;
  /** Rounds picked without the controller (METHOD §2: the first two). */
  readonly controllerFreeRounds: number;
  /** Seeds the controller-free picks. */
  readonly seed: number;
  /** Clock time (ms) after which no new training starts. */
  readonly deadline: number;
  /** First guess of one candidate's training seconds, until some have trained. */
  readonly candidateSeconds: number;
}

export interface LoopDeps {
  readonly store: SearchStore;
  readonly trainer: CandidateTrainer;
  readonly oracle: MemoryOracle;
  /** Without one, every round picks at random (recorded as picker 'random'). */
  readonly controller?: Pick<Controller, 'fit' | 'score'>;
  readonly clock: Clock;
  readonly onEvent?: (e: LoopEvent) => void;
}

export interface LoopResult {
  readonly stopReason: StopReason;
  /** Rounds finished. */
  readonly rounds: number;
  /** The last parent: the search's choice. */
  readonly parentId: number;
}

export async function runLoop(deps: LoopDeps, cfg: LoopConfig): Promise<LoopResult> {
  return new SearchLoop(deps, cfg).run();
}

class SearchLoop {
  private parentId: number | null = null;
  private stale = 0;
  private finished = 0;
  /** Set when no trained seed met the latency budget: the search stops with the fastest. */
  private latencyUnmet = false;

  constructor(
    private readonly deps: LoopDeps,
    private readonly cfg: LoopConfig,
  ) {}

  async run(): Promise<LoopResult> {
    const rounds = this.deps.store.rounds();
    for (const r of rounds.filter((r) => r.done)) this.recordOutcome(r);
    // A resumed run whose seed round already ended on the fastest seed over the latency budget.
    if (this.parentId !== null && !withinLatency(this.candidate(this.parentId), this.cfg.latency?.budgetMs))
      return this.result('latency-unmet');
    const last = rounds.at(-1);
    let roundNo = last === undefined ? 0 : last.done ? last.round + 1 : last.round;
    let open = last !== undefined && !last.done ? last : undefined;
    for (;;) {
      if (open === undefined) {
        const started = await this.startRound(roundNo);
        if (typeof started === 'string') return this.result(started);
        open = started;
      }
      await this.trainPicks(open);
      await this.runOff(open);
      this.recordOutcome(this.finishRound(open));
      if (this.latencyUnmet) return this.result('latency-unmet');
      open = undefined;
      roundNo++;
    }
  }

  private result(stopReason: StopReason): LoopResult {
    if (this.parentId === null)
      throw new MemnasError('SEARCH_FAILED', 'the search ended before any candidate was trained');
    return { stopReason, rounds: this.finished, parentId: this.parentId };
  }

  private recordOutcome(r: RoundRecord): void {
    if (r.nextParentId !== null) this.parentId = r.nextParentId;
    this.stale = r.improved ? 0 : this.stale + 1;
    this.finished++;
  }

  private candidate(id: number): CandidateRecord {
    const c = this.deps.store.candidates().find((x) => x.id === id);
    if (c === undefined) throw new MemnasError('INTERNAL', `candidate ${id} is missing from the store`);
    return c;
  }

  /** Mean training seconds so far (the configured guess until something trained). */
  private candidateSeconds(): number {
    const done = this.deps.store.candidates().filter((c) => c.trainSeconds !== null);
    if (done.length === 0) return this.cfg.candidateSeconds;
    return done.reduce((s, c) => s + c.trainSeconds!, 0) / done.length;
  }

  private secondsLeft(): number {
    return (this.cfg.deadline - this.deps.clock.now()) / 1000;
  }

  private async startRound(roundNo: number): Promise<RoundRecord | StopReason> {
    const { cfg } = this;
    const slots = this.deps.trainer.parallelism;
    let proposals: Candidate[];
    let parent: CandidateRecord | undefined;
    if (roundNo === 0) {
      proposals = seedCandidates(cfg.width, cfg.stem, cfg.stemStride ?? 1);
    } else {
      if (cfg.patience !== null && this.stale >= cfg.patience) return 'no-improvement';
      parent = this.candidate(this.parentId!);
      if (parent.genotype.blocks[0]!.cells.length >= cfg.maxCells) return 'max-cells';
      const fit = Math.floor(this.secondsLeft() / this.candidateSeconds()) * slots;
      if (fit < 1) return 'time';
      const seen = new Set(this.deps.store.candidates().map((c) => c.key));
      proposals = childCandidates(parent.genotype).filter((c) => !seen.has(genotypeKey(c.genotype)));
      if (proposals.length === 0) return 'exhausted';
    }
    const k =
      roundNo === 0
        ? cfg.seedSize
        : Math.min(cfg.k, Math.max(1, Math.floor(this.secondsLeft() / this.candidateSeconds()) * slots));
    const { order, scores, picker } = await this.order(roundNo, parent, proposals, k);
    // Fitting the controller takes time too: start the round only if a training still fits.
    if (roundNo > 0 && this.secondsLeft() < this.candidateSeconds()) return 'time';
    // Under inheritance one slot trains the parent further: the baseline its children must beat.
    const baseline = parent !== undefined && cfg.inherit ? [baselinePick(parent, roundNo, cfg.space)] : [];
    const fitted = await this.fitBudget(roundNo, parent, order, scores, Math.max(1, k - baseline.length));
    const { overBudget, overLatency, smallest } = fitted;
    const picks = fitted.picks.length === 0 ? [] : [...baseline, ...fitted.picks];
    if (picks.length === 0) {
      if (roundNo > 0) return 'over-budget';
      throw new MemnasError(
        'BUDGET_UNREACHABLE',
        `no architecture meets the ${fmt(cfg.memoryBudgetBytes)} memory budget: the smallest seed network needs ${fmt(smallest)}${this.deviceNote()} (raise --memory-budget)`,
      );
    }
    const round = {
      round: roundNo,
      parentId: parent?.id ?? null,
      picker,
      proposed: proposals.length,
      overBudget,
    };
    const ids = this.deps.store.startRound(round, picks);
    this.deps.onEvent?.({
      kind: 'round-start',
      round: roundNo,
      picks: ids.length,
      proposed: proposals.length,
      overBudget,
      ...(cfg.latency === undefined ? {} : { overLatency }),
      picker,
    });
    return { ...round, picks: ids, done: false, nextParentId: null, improved: false, quality: null };
  }

  /**
   * The order candidates are considered in: at random early on (a controller's warm-up one kind
   * of change at a time), by the controller after.
   */
  private async order(
    roundNo: number,
    parent: CandidateRecord | undefined,
    proposals: Candidate[],
    k: number,
  ): Promise<{ order: Candidate[]; scores: Map<Candidate, number>; picker: RoundRecord['picker'] }> {
    const scores = new Map<Candidate, number>();
    const examples = this.examples();
    const { controller } = this.deps;
    if (
      parent === undefined ||
      controller === undefined ||
      roundNo < this.cfg.controllerFreeRounds ||
      examples.length < 2
    ) {
      const picker = roundNo === 0 && k >= proposals.length ? 'all' : 'random';
      // A controller's warm-up takes every kind of change in turn, so that it learns them all.
      const warmUp = controller !== undefined && parent !== undefined;
      const mix = warmUp ? stratifiedShuffle : shuffle;
      return { order: mix(proposals, this.cfg.seed + roundNo), scores, picker };
    }
    const started = this.deps.clock.now();
    await controller.fit(examples);
    this.deps.onEvent?.({
      kind: 'controller-fit',
      examples: examples.length,
      seconds: (this.deps.clock.now() - started) / 1000,
    });
    const s = await controller.score(
      parent.genotype,
      proposals.map((c) => c.genotype),
    );
    proposals.forEach((c, i) => scores.set(c, s[i] ?? -Infinity));
    return {
      order: [...proposals].sort((a, b) => scores.get(b)! - scores.get(a)!),
      scores,
      picker: 'controller',
    };
  }

  /** Every trained candidate with a parent, as controller training data. */
  private examples(): ControllerExample[] {
    const all = this.deps.store.candidates();
    const byId = new Map(all.map((c) => [c.id, c]));
    return all.flatMap((c) => {
      const parent = c.parentId === null ? undefined : byId.get(c.parentId);
      // The baseline is the parent trained further: no structure change for the controller to learn.
      return c.metric === null || parent === undefined || c.mutation.kind === 'keep'
        ? []
        : [{ parent: parent.genotype, candidate: c.genotype, round: c.round, metric: c.metric }];
    });
  }

  /**
   * Walks the order and keeps the first `k` candidates within the memory budget and the predicted
   * latency budget. A seed round whose every seed is predicted too slow trains the `k` predicted
   * fastest anyway: a prediction is not a measurement, and the run then says what was measured.
   */
  private async fitBudget(
    roundNo: number,
    parent: CandidateRecord | undefined,
    order: readonly Candidate[],
    scores: Map<Candidate, number>,
    k: number,
  ) {
    const picks: NewCandidate[] = [];
    const slow: NewCandidate[] = [];
    let overBudget = 0;
    let overLatency = 0;
    let smallest = Infinity;
    for (const c of order) {
      // The seed round looks at every seed, so a budget nothing meets can name the smallest.
      if (picks.length >= k && roundNo > 0) break;
      const architecture = buildArchitecture(c.genotype, this.cfg.space);
      await this.prepareLatency(architecture);
      const pick = this.newCandidate(roundNo, parent, c, scores, architecture);
      smallest = Math.min(smallest, pick.memory.totalBytes);
      if (pick.memory.totalBytes > this.cfg.memoryBudgetBytes) {
        overBudget++;
        continue;
      }
      if (this.tooSlow(pick.latency)) {
        overBudget++;
        overLatency++;
        if (roundNo === 0) slow.push(pick);
        continue;
      }
      if (picks.length >= k) continue;
      picks.push(pick);
    }
    if (picks.length === 0 && roundNo === 0)
      picks.push(...slow.sort((a, b) => a.latency!.ms - b.latency!.ms).slice(0, k));
    return { picks, overBudget, overLatency, smallest };
  }

  private newCandidate(
    roundNo: number,
    parent: CandidateRecord | undefined,
    c: Candidate,
    scores: Map<Candidate, number>,
    architecture: Architecture,
  ): NewCandidate {
    const latency = this.predictLatency(architecture);
    return {
      key: genotypeKey(c.genotype),
      round: roundNo,
      parentId: parent?.id ?? null,
      genotype: c.genotype,
      mutation: c.mutation,
      memory: this.deps.oracle.estimate(architecture),
      architecture,
      controllerScore: scores.get(c) ?? null,
      inheritedFrom: this.cfg.inherit ? (parent?.id ?? null) : null,
      ...(latency === undefined ? {} : { latency }),
    };
  }

  /** The predictor's asynchronous part, for a structure the device has not measured. */
  private async prepareLatency(arch: Architecture): Promise<void> {
    const oracle = this.deps.oracle.latency;
    if (oracle?.prepare !== undefined && oracle.measured(arch) === null) await oracle.prepare(arch);
  }

  /** The oracle's latency before training: measured for a structure it measured, else predicted. */
  private predictLatency(arch: Architecture): LatencyFigures | undefined {
    const oracle = this.deps.oracle.latency;
    if (oracle === undefined) return undefined;
    const measured = oracle.measured(arch);
    if (measured !== null) return { ms: measured, source: 'measured' };
    const ms = oracle.predict(arch);
    return ms === null ? undefined : { ms, source: 'predicted' };
  }

  private tooSlow(latency: LatencyFigures | undefined): boolean {
    const budget = this.cfg.latency?.budgetMs;
    return budget !== undefined && latency !== undefined && latency.ms > budget;
  }

  private objectiveContext(): ObjectiveContext {
    const { cfg } = this;
    return {
      lambda: cfg.lambda,
      budgetBytes: cfg.memoryBudgetBytes,
      ...(cfg.latency === undefined ? {} : { latency: cfg.latency }),
    };
  }

  private deviceNote(): string {
    return this.deps.oracle.measure === undefined ? '' : ' as predicted for the device';
  }

  /**
   * The seed round chose nothing. Within memory but none within the latency budget: the fastest
   * measured seed within memory, so the run ends with it (and says so) and loses nothing it
   * trained. Nothing within memory: the memory budget is unreachable, as before.
   */
  private fastestSeed(trained: readonly CandidateRecord[]): CandidateRecord {
    const fits = trained.filter((c) => withinBudget(c, this.cfg.memoryBudgetBytes) && latencyOf(c) !== null);
    if (this.cfg.latency === undefined || fits.length === 0) {
      const smallest = Math.min(...trained.map(totalMemory));
      throw new MemnasError(
        'BUDGET_UNREACHABLE',
        `no trained seed network meets the ${fmt(this.cfg.memoryBudgetBytes)} memory budget on the device: the smallest measured ${fmt(smallest)}`,
      );
    }
    return fits.reduce((a, b) => (latencyOf(b)! < latencyOf(a)! ? b : a));
  }

  private async trainPicks(round: RoundRecord): Promise<void> {
    const { store, trainer, oracle, clock } = this.deps;
    const pending = round.picks.map((id) => this.candidate(id)).filter((c) => c.status === 'pending');
    const mustStart = round.round === 0 ? trainer.parallelism : 0;
    const canStart = (i: number): boolean =>
      i < mustStart || clock.now() + this.candidateSeconds() * 1000 <= this.cfg.deadline;
    await runPool(pending, trainer.parallelism, canStart, async (c) => {
      const arch = buildArchitecture(c.genotype, this.cfg.space, `cand-${c.id}`);
      const parent = c.inheritedFrom === null ? undefined : this.candidate(c.inheritedFrom);
      let weights;
      try {
        const start = inheritedStart(store, this.cfg.space, c, arch, parent);
        const r = await trainer.train(arch, { start, round: round.round });
        store.markTrained(c.id, {
          validationAccuracy: r.validationAccuracy,
          trainSeconds: r.seconds,
          weights: r.weights,
        });
        weights = r.weights;
      } catch (e) {
        store.markFailed(c.id, e instanceof Error ? e.message : String(e));
      }
      // Measured after the result is stored: a device failing here loses no training.
      if (weights !== undefined && oracle.measure !== undefined) {
        store.setMeasured(c.id, await oracle.measure(arch, weights));
        const ms = oracle.latency?.measured(arch) ?? null;
        if (ms !== null) store.setLatency?.(c.id, { ms, source: 'measured' });
      }
      this.deps.onEvent?.({ kind: 'candidate-done', round: round.round, candidate: this.candidate(c.id) });
    });
  }

  /** The round's trained picks, the reference they are scored against, and the first pass's choice. */
  private firstPass(round: RoundRecord) {
    const trained = round.picks.map((id) => this.candidate(id)).filter((c) => c.status === 'trained');
    const parent = round.parentId === null ? undefined : this.candidate(round.parentId);
    const reference = parent === undefined ? meanReference(trained) : metricInputs(parent);
    const first = chooseBest(trained, reference, this.cfg.objective, this.objectiveContext());
    return { trained, parent, reference, first };
  }

  /** The runoff's finalists (runoff.ts), from the first pass. */
  private finalists(round: RoundRecord): CandidateRecord[] {
    if (this.cfg.runoff === 0) return [];
    const { trained, first } = this.firstPass(round);
    return runoffFinalists(trained, first.metrics, this.cfg.runoff, this.objectiveContext());
  }

  /** Trains each finalist one more pass from its own weights; a resumed run skips those done. */
  private async runOff(round: RoundRecord): Promise<void> {
    const { store, trainer, clock } = this.deps;
    const finalists = this.finalists(round);
    const pending = finalists.filter((c) => c.runoffAccuracy === undefined);
    if (pending.length === 0) return;
    this.deps.onEvent?.({ kind: 'runoff-start', round: round.round, finalists: finalists.map((c) => c.id) });
    const canStart = (): boolean => clock.now() + this.candidateSeconds() * 1000 <= this.cfg.deadline;
    await runPool(pending, trainer.parallelism, canStart, async (c) => {
      const start = store.weights(c.id);
      if (start === null) return;
      const arch = buildArchitecture(c.genotype, this.cfg.space, `cand-${c.id}`);
      try {
        const r = await trainer.train(arch, { start, round: round.round, pass: 1 });
        store.markRunoff(c.id, {
          validationAccuracy: r.validationAccuracy,
          trainSeconds: r.seconds,
          weights: r.weights,
        });
      } catch {
        // A failed second pass leaves the first standing: the round then chooses by the first pass.
        return;
      }
      this.deps.onEvent?.({ kind: 'runoff-done', round: round.round, candidate: this.candidate(c.id) });
    });
  }

  /**
   * The round's choice and its score against the parent: by the runoff's second pass among its
   * finalists when the runoff finished, else by the first pass (`first`).
   */
  private decide(trained: readonly CandidateRecord[], first: RoundChoice, reference: MetricInputs) {
    const ctx = this.objectiveContext();
    const finalists = runoffFinalists(trained, first.metrics, this.cfg.runoff, ctx);
    const second = runoffComplete(finalists)
      ? chooseBest(finalists, reference, this.cfg.objective, ctx, 'latest')
      : first;
    const { best } = second;
    return { best, score: best === undefined ? undefined : second.metrics.get(best.id) };
  }

  private finishRound(round: RoundRecord): RoundRecord {
    const { trained, parent, reference, first } = this.firstPass(round);
    if (parent === undefined && trained.length === 0) {
      const why = round.picks.map((id) => this.candidate(id)).find((c) => c.error !== null)?.error;
      throw new MemnasError(
        'SEARCH_FAILED',
        why === undefined ? 'no seed network finished training' : `no seed network trained: ${why}`,
      );
    }
    const { metrics } = first;
    const { best, score } = this.decide(trained, first, reference);
    const fastest = parent === undefined && best === undefined ? this.fastestSeed(trained) : undefined;
    const { nextParentId, improved } =
      fastest === undefined ? nextParent(best, score, parent) : { nextParentId: fastest.id, improved: true };
    this.latencyUnmet = fastest !== undefined;
    const scored = trained.filter((c) => c.controllerScore !== null);
    const quality =
      round.picker === 'controller' && scored.length >= 2
        ? rankingQuality(
            scored.map((c) => c.controllerScore!),
            scored.map((c) => metrics.get(c.id)!),
          )
        : null;
    this.deps.store.finishRound(round.round, { metrics, nextParentId, improved, quality });
    const done: RoundRecord = { ...round, done: true, nextParentId, improved, quality };
    this.deps.onEvent?.({
      kind: 'round-done',
      round: done,
      parent: nextParentId === null ? undefined : this.candidate(nextParentId),
    });
    return done;
  }
}

function fmt(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}
