// The SQLite SearchStore: every loop write is one committed transaction before the call returns,
// so a SIGKILL loses nothing the loop was told had finished. Reads come from an in-memory copy
// kept in step with the writes (the loop reads the whole run often; parsing JSON each time would not scale).
import type Database from 'better-sqlite3';
import type { ArchitectureWeights } from '../search/architecture/weights.ts';
import { decodeWeights, encodeWeights } from '../search/architecture/weights-file.ts';
import { MemnasError } from '../search/errors.ts';
import type {
  NewCandidate,
  NewRound,
  RoundOutcome,
  SearchStore,
  TrainedUpdate,
} from '../search/loop/store.ts';
import { withRoundFinished } from '../search/loop/store.ts';
import type { CandidateRecord, LatencyFigures, RoundRecord } from '../search/loop/types.ts';
import { openSearchDatabase } from './open-search-db.ts';
import { rowToCandidate, rowToRound, type CandidateRow, type RoundRow } from './rows.ts';

/** The final training of one chosen model. */
export interface FinalResult {
  readonly candidateId: number;
  readonly validationAccuracy: number;
  readonly testAccuracy: number | null;
  readonly seconds: number;
  readonly weights: ArchitectureWeights;
}

export class SqliteSearchStore implements SearchStore {
  private readonly cache = new Map<number, CandidateRecord>();
  private roundCache: RoundRecord[];

  private constructor(private readonly db: Database.Database) {
    for (const row of db.prepare('SELECT * FROM candidates ORDER BY id').all() as CandidateRow[])
      this.cache.set(row.id, rowToCandidate(row));
    this.roundCache = (db.prepare('SELECT * FROM rounds ORDER BY round').all() as RoundRow[]).map(rowToRound);
  }

  static open(path: string): SqliteSearchStore {
    return new SqliteSearchStore(openSearchDatabase(path));
  }

  close(): void {
    this.db.close();
  }

  /** The run's configuration as first saved; null for a new database. */
  runConfig(): unknown {
    const row = this.db.prepare('SELECT config FROM runs WHERE id = 1').get() as
      { config: string } | undefined;
    return row === undefined ? null : JSON.parse(row.config);
  }

  saveRunConfig(config: unknown): void {
    this.db
      .prepare(
        "INSERT INTO runs (id, created_at, config, state) VALUES (1, ?, ?, 'searching') ON CONFLICT (id) DO UPDATE SET config = excluded.config",
      )
      .run(new Date().toISOString(), JSON.stringify(config));
  }

  runState(): string | null {
    const row = this.db.prepare('SELECT state FROM runs WHERE id = 1').get() as { state: string } | undefined;
    return row?.state ?? null;
  }

  /** 'final' once the search loop has stopped (with its reason), 'done' once the report is written. */
  setRunState(state: 'searching' | 'final' | 'done', stopReason?: string): void {
    this.db
      .prepare('UPDATE runs SET state = ?, stop_reason = COALESCE(?, stop_reason) WHERE id = 1')
      .run(state, stopReason ?? null);
  }

  stopReason(): string | null {
    const row = this.db.prepare('SELECT stop_reason FROM runs WHERE id = 1').get() as
      { stop_reason: string | null } | undefined;
    return row?.stop_reason ?? null;
  }

  candidates(): CandidateRecord[] {
    return [...this.cache.values()];
  }

  rounds(): RoundRecord[] {
    return [...this.roundCache];
  }

  /** The architecture JSON stored with a candidate. */
  architecture(id: number): unknown {
    const row = this.db.prepare('SELECT architecture FROM candidates WHERE id = ?').get(id) as
      { architecture: string } | undefined;
    if (row === undefined) throw new MemnasError('NOT_FOUND', `no candidate ${id} in the search database`);
    return JSON.parse(row.architecture);
  }

  startRound(round: NewRound, picks: readonly NewCandidate[]): number[] {
    const ids = this.insertRound(round, picks);
    this.cacheRound(round, picks, ids);
    return ids;
  }

  /** Writes the round's candidates (pending) and the round row in one transaction; their ids. */
  private insertRound(round: NewRound, picks: readonly NewCandidate[]): number[] {
    const insert = this.db.prepare(
      `INSERT INTO candidates (key, round, parent_id, genotype, mutation, architecture, param_bytes, peak_activation_bytes, total_bytes, memory_source, controller_score, inherited_from, latency_ms, latency_source, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    return this.db.transaction(() => {
      const out = picks.map((p) => {
        const m = p.memory;
        const info = insert.run(
          p.key,
          p.round,
          p.parentId,
          JSON.stringify(p.genotype),
          JSON.stringify(p.mutation),
          JSON.stringify(p.architecture),
          m.paramBytes,
          m.peakActivationBytes,
          m.totalBytes,
          m.source,
          p.controllerScore,
          p.inheritedFrom,
          p.latency?.ms ?? null,
          p.latency?.source ?? null,
        );
        return Number(info.lastInsertRowid);
      });
      this.db
        .prepare(
          'INSERT INTO rounds (round, parent_id, picker, proposed, over_budget, picks) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          round.round,
          round.parentId,
          round.picker,
          round.proposed,
          round.overBudget,
          JSON.stringify(out),
        );
      return out;
    })();
  }

  /** Mirrors a just-written round and its candidates in the in-memory cache. */
  private cacheRound(round: NewRound, picks: readonly NewCandidate[], ids: readonly number[]): void {
    picks.forEach((p, i) => {
      const { architecture: _architecture, ...rest } = p;
      this.cache.set(ids[i]!, {
        ...rest,
        id: ids[i]!,
        status: 'pending',
        validationAccuracy: null,
        metric: null,
        measuredBytes: null,
        trainSeconds: null,
        error: null,
      });
    });
    this.roundCache.push({
      ...round,
      picks: ids,
      done: false,
      nextParentId: null,
      improved: false,
      quality: null,
    });
  }

  markTrained(id: number, u: TrainedUpdate): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE candidates SET status = 'trained', validation_accuracy = ?, train_seconds = ?, error = NULL, trained_at = ? WHERE id = ?",
        )
        .run(u.validationAccuracy, u.trainSeconds, new Date().toISOString(), id);
      this.saveWeights(id, u.weights);
    })();
    this.patch(id, {
      status: 'trained',
      validationAccuracy: u.validationAccuracy,
      trainSeconds: u.trainSeconds,
      error: null,
    });
  }

  /** A candidate's latest trained weights, replacing any it had. */
  private saveWeights(id: number, weights: ArchitectureWeights): void {
    this.db
      .prepare('INSERT OR REPLACE INTO weights (candidate_id, bytes) VALUES (?, ?)')
      .run(id, encodeWeights(weights));
  }

  /** A runoff finalist's second pass: its accuracy beside the first, its weights replacing the first pass's. */
  markRunoff(id: number, u: TrainedUpdate): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE candidates SET runoff_accuracy = ?, runoff_seconds = ? WHERE id = ?')
        .run(u.validationAccuracy, u.trainSeconds, id);
      this.saveWeights(id, u.weights);
    })();
    this.patch(id, { runoffAccuracy: u.validationAccuracy });
  }

  /** A candidate's batch-1 p50 on the device: predicted at proposal, replaced once measured. */
  setLatency(id: number, latency: LatencyFigures): void {
    this.db
      .prepare('UPDATE candidates SET latency_ms = ?, latency_source = ? WHERE id = ?')
      .run(latency.ms, latency.source, id);
    this.patch(id, { latency });
  }

  markFailed(id: number, error: string): void {
    this.db.prepare("UPDATE candidates SET status = 'failed', error = ? WHERE id = ?").run(error, id);
    this.patch(id, { status: 'failed', error });
  }

  setMeasured(id: number, bytes: number): void {
    this.db.prepare('UPDATE candidates SET measured_bytes = ? WHERE id = ?').run(bytes, id);
    this.patch(id, { measuredBytes: bytes });
  }

  finishRound(round: number, o: RoundOutcome): void {
    this.db.transaction(() => {
      const setMetric = this.db.prepare('UPDATE candidates SET metric = ? WHERE id = ?');
      for (const [id, metric] of o.metrics) setMetric.run(metric, id);
      this.db
        .prepare('UPDATE rounds SET done = 1, next_parent_id = ?, improved = ?, quality = ? WHERE round = ?')
        .run(
          o.nextParentId,
          o.improved ? 1 : 0,
          o.quality === null ? null : JSON.stringify(o.quality),
          round,
        );
    })();
    for (const [id, metric] of o.metrics) this.patch(id, { metric });
    this.roundCache = withRoundFinished(this.roundCache, round, o);
  }

  weights(id: number): ArchitectureWeights | null {
    const row = this.db.prepare('SELECT bytes FROM weights WHERE candidate_id = ?').get(id) as
      { bytes: Buffer } | undefined;
    return row === undefined ? null : decodeWeights(new Uint8Array(row.bytes), `weights of candidate ${id}`);
  }

  saveFinal(r: FinalResult): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO finals (candidate_id, validation_accuracy, test_accuracy, seconds, weights) VALUES (?, ?, ?, ?, ?)',
      )
      .run(r.candidateId, r.validationAccuracy, r.testAccuracy, r.seconds, encodeWeights(r.weights));
  }

  finals(): FinalResult[] {
    const rows = this.db.prepare('SELECT * FROM finals ORDER BY candidate_id').all() as {
      candidate_id: number;
      validation_accuracy: number;
      test_accuracy: number | null;
      seconds: number;
      weights: Buffer;
    }[];
    return rows.map((r) => ({
      candidateId: r.candidate_id,
      validationAccuracy: r.validation_accuracy,
      testAccuracy: r.test_accuracy,
      seconds: r.seconds,
      weights: decodeWeights(new Uint8Array(r.weights), `final weights of candidate ${r.candidate_id}`),
    }));
  }

  private patch(id: number, change: Partial<CandidateRecord>): void {
    const c = this.cache.get(id);
    if (c === undefined) throw new MemnasError('NOT_FOUND', `no candidate ${id} in the search database`);
    this.cache.set(id, { ...c, ...change });
  }
}
