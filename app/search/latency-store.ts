// The run database's latency records: each candidate's batch-1 p50 on the device, predicted when
// it was proposed and replaced by the measurement after training. They live in a table of their
// own (candidate_latency) in the run's search.db, beside the candidates, so that a run stored
// before latency existed opens unchanged — its candidates simply have no row (not measured) —
// and a resumed run sees every figure the killed one recorded. The store wraps the run's
// SqliteSearchStore and adds the latency to the records it hands the loop and the report.
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import type {
  NewCandidate,
  NewRound,
  RoundOutcome,
  SearchStore,
  TrainedUpdate,
} from '../../search/loop/store.ts';
import type { CandidateRecord, LatencyFigures, RoundRecord } from '../../search/loop/types.ts';
import type { SqliteSearchStore } from '../../store/search-store.ts';
import { openSqliteFile } from '../../store/sqlite-file.ts';

type Db = ReturnType<typeof openSqliteFile>;

const TABLE = `CREATE TABLE IF NOT EXISTS candidate_latency (
  candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
  ms REAL NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('measured', 'predicted'))
)`;

export class LatencyRecordingStore implements SearchStore {
  private readonly latencies = new Map<number, LatencyFigures>();

  private constructor(
    /** The run's own store: settings, state, finals. */
    readonly run: SqliteSearchStore,
    private readonly db: Db,
  ) {
    const rows = db.prepare('SELECT candidate_id, ms, source FROM candidate_latency').all() as {
      candidate_id: number;
      ms: number;
      source: LatencyFigures['source'];
    }[];
    for (const r of rows) this.latencies.set(r.candidate_id, { ms: r.ms, source: r.source });
  }

  /** Opens the latency table of the database at `dbPath`, which `run` has open. */
  static open(run: SqliteSearchStore, dbPath: string): LatencyRecordingStore {
    return new LatencyRecordingStore(
      run,
      openSqliteFile(dbPath, 'search database', (db) => db.exec(TABLE)),
    );
  }

  close(): void {
    this.db.close();
  }

  candidates(): CandidateRecord[] {
    return this.run.candidates().map((c) => {
      const { latency: _cached, ...rest } = c;
      const latency = this.latencies.get(c.id);
      return latency === undefined ? rest : { ...rest, latency };
    });
  }

  rounds(): RoundRecord[] {
    return this.run.rounds();
  }

  startRound(round: NewRound, picks: readonly NewCandidate[]): number[] {
    const ids = this.run.startRound(round, picks);
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO candidate_latency (candidate_id, ms, source) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      picks.forEach((p, i) => {
        if (p.latency === undefined) return;
        insert.run(ids[i]!, p.latency.ms, p.latency.source);
        this.latencies.set(ids[i]!, p.latency);
      });
    })();
    return ids;
  }

  setLatency(id: number, latency: LatencyFigures): void {
    this.db
      .prepare('INSERT OR REPLACE INTO candidate_latency (candidate_id, ms, source) VALUES (?, ?, ?)')
      .run(id, latency.ms, latency.source);
    this.latencies.set(id, latency);
  }

  markTrained(id: number, update: TrainedUpdate): void {
    this.run.markTrained(id, update);
  }

  markFailed(id: number, error: string): void {
    this.run.markFailed(id, error);
  }

  setMeasured(id: number, bytes: number): void {
    this.run.setMeasured(id, bytes);
  }

  finishRound(round: number, outcome: RoundOutcome): void {
    this.run.finishRound(round, outcome);
  }

  weights(id: number): ArchitectureWeights | null {
    return this.run.weights(id);
  }
}
