// Search progress for people: one redrawn line on a terminal (round, candidates done, best so
// far, time left), plain lines otherwise (logs, CI, pipes).
import type { CandidateRecord, RoundRecord } from '../../search/loop/types.ts';
import type { Progress } from '../../app/search/progress.ts';
import type { LoopEvent } from '../../search/loop/events.ts';
import { accuracyOf, totalMemory } from '../../search/loop/select.ts';

export type { Progress };

export interface ProgressState {
  round: number;
  trained: number;
  /** Picks of the current round and how many have finished. */
  roundPicks: number;
  roundDone: number;
  bestAccuracy: number | null;
  bestBytes: number | null;
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const kb = (b: number): string => `${(b / 1000).toFixed(1)} KB`;
const clock = (s: number): string =>
  `${Math.floor(Math.max(0, s) / 60)}:${String(Math.floor(Math.max(0, s) % 60)).padStart(2, '0')}`;

interface Drawing {
  readonly tty: boolean;
  readonly s: ProgressState;
  readonly secondsLeft: () => number;
  /** A line that stays (above the redrawn one on a terminal). */
  readonly line: (text: string) => void;
}

export function createProgress(
  stream: NodeJS.WriteStream,
  secondsLeft: () => number,
  trainedBefore: number,
): Progress {
  const tty = stream.isTTY === true;
  const s: ProgressState = {
    round: 0,
    trained: trainedBefore,
    roundPicks: 0,
    roundDone: 0,
    bestAccuracy: null,
    bestBytes: null,
  };
  let drawn = false;
  const line = (text: string): void => {
    if (tty) {
      stream.write(`\r\x1b[2K${text}\n`);
      drawn = false;
    } else stream.write(`${text}\n`);
  };
  const redraw = (): void => {
    if (!tty) return;
    stream.write(`\r\x1b[2K${bar(s, secondsLeft).slice(0, Math.max(20, (stream.columns ?? 120) - 1))}`);
    drawn = true;
  };
  const d: Drawing = { tty, s, secondsLeft, line };
  return {
    event(e) {
      onEvent(d, e);
      redraw();
    },
    note(text) {
      line(text);
      redraw();
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** The redrawn line: round, its progress, candidates trained, best so far, time left. */
function bar(s: ProgressState, secondsLeft: () => number): string {
  const width = 20;
  const filled = s.roundPicks === 0 ? 0 : Math.round((width * s.roundDone) / s.roundPicks);
  const best = s.bestAccuracy === null ? '—' : `${pct(s.bestAccuracy)} @ ${kb(s.bestBytes!)}`;
  return `round ${s.round} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${s.roundDone}/${s.roundPicks} · ${s.trained} trained · best ${best} · ${clock(secondsLeft())} left`;
}

function onEvent(d: Drawing, e: LoopEvent): void {
  const { s, tty, line } = d;
  switch (e.kind) {
    case 'round-start':
      Object.assign(s, { round: e.round, roundPicks: e.picks, roundDone: 0 });
      line(
        `round ${e.round}: training ${e.picks} of ${e.proposed} candidates (${e.picker} picks; ${overBudget(e.overBudget, e.overLatency)})`,
      );
      break;
    case 'candidate-done':
      candidateDone(d, e.candidate);
      break;
    case 'round-done':
      roundDone(d, e.round, e.parent);
      break;
    case 'runoff-start':
      line(
        `  runoff: candidates ${e.finalists.join(', ')} train one more pass before round ${e.round} chooses`,
      );
      break;
    case 'runoff-done':
      if (!tty)
        line(
          `  candidate ${e.candidate.id} (${e.candidate.mutation.kind}): validation ${pct(e.candidate.runoffAccuracy!)} after the runoff`,
        );
      break;
    case 'controller-fit':
      if (!tty) line(`  controller fitted on ${e.examples} candidates in ${e.seconds.toFixed(1)} s`);
      break;
  }
}

function candidateDone({ s, tty, line, secondsLeft }: Drawing, c: CandidateRecord): void {
  s.roundDone++;
  if (c.status === 'trained') s.trained++;
  if (tty) return;
  const what =
    c.status === 'trained'
      ? `validation ${pct(c.validationAccuracy!)}, ${kb(totalMemory(c))}` +
        (c.latency === undefined ? '' : `, p50 ${c.latency.ms.toFixed(3)} ms`)
      : `failed: ${c.error}`;
  line(
    `  candidate ${c.id} (${c.mutation.kind}): ${what} — ${s.trained} trained, ${clock(secondsLeft())} left`,
  );
}

function roundDone({ s, line }: Drawing, round: RoundRecord, parent: CandidateRecord | undefined): void {
  if (parent !== undefined)
    Object.assign(s, {
      bestAccuracy: accuracyOf(parent, 'latest'),
      bestBytes: totalMemory(parent),
    });
  const q = round.quality;
  const quality =
    q === null
      ? ''
      : `; controller Kendall tau ${q.kendallTau === null ? 'n/a' : q.kendallTau.toFixed(2)}, NDCG@${q.k} ${q.ndcg.toFixed(2)}`;
  const parentText =
    parent === undefined
      ? 'none'
      : `candidate ${parent.id} (${pct(accuracyOf(parent, 'latest'))}, ${kb(totalMemory(parent))})`;
  line(`round ${round.round} done: parent ${parentText}${outcome(round, parent)}${quality}`);
}

/** How the round ended for the structure: a grow or trim won, the baseline won, or nothing beat the parent. */
function outcome(r: RoundRecord, parent: CandidateRecord | undefined): string {
  if (r.improved) return '';
  return parent?.mutation.kind === 'keep' && parent.round === r.round
    ? ' kept: the parent trained further beat every child'
    : ' unchanged';
}

/** How many proposals the budgets removed, latency apart when the run has a latency budget. */
function overBudget(total: number, latency: number | undefined): string {
  return latency === undefined
    ? `${total} over the memory budget`
    : `${total - latency} over the memory budget, ${latency} predicted over the latency budget`;
}
