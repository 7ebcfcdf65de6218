// Search progress for people: one redrawn line on a terminal (round, candidates done, best so
// far, time left), plain lines otherwise (logs, CI, pipes).
import type { CandidateRecord, RoundRecord } from '../../search/loop/types.ts';
import type { Progress } from '../../app/search/progress.ts';

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
  const bar = (): string => {
    const width = 20;
    const filled = s.roundPicks === 0 ? 0 : Math.round((width * s.roundDone) / s.roundPicks);
    const best = s.bestAccuracy === null ? '—' : `${pct(s.bestAccuracy)} @ ${kb(s.bestBytes!)}`;
    return `round ${s.round} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${s.roundDone}/${s.roundPicks} · ${s.trained} trained · best ${best} · ${clock(secondsLeft())} left`;
  };
  const line = (text: string): void => {
    if (tty) {
      stream.write(`\r\x1b[2K${text}\n`);
      drawn = false;
    } else stream.write(`${text}\n`);
  };
  const redraw = (): void => {
    if (!tty) return;
    stream.write(`\r\x1b[2K${bar().slice(0, Math.max(20, (stream.columns ?? 120) - 1))}`);
    drawn = true;
  };
  return {
    event(e) {
      switch (e.kind) {
        case 'round-start':
          Object.assign(s, { round: e.round, roundPicks: e.picks, roundDone: 0 });
          line(
            `round ${e.round}: training ${e.picks} of ${e.proposed} candidates (${e.picker} picks; ${e.overBudget} over the memory budget)`,
          );
          break;
        case 'candidate-done': {
          s.roundDone++;
          const c = e.candidate;
          if (c.status === 'trained') s.trained++;
          if (!tty) {
            const what =
              c.status === 'trained'
                ? `validation ${pct(c.validationAccuracy!)}, ${kb(c.measuredBytes ?? c.memory.totalBytes)}`
                : `failed: ${c.error}`;
            line(
              `  candidate ${c.id} (${c.mutation.kind}): ${what} — ${s.trained} trained, ${clock(secondsLeft())} left`,
            );
          }
          break;
        }
        case 'round-done': {
          if (e.parent !== undefined)
            Object.assign(s, {
              bestAccuracy: e.parent.validationAccuracy,
              bestBytes: e.parent.measuredBytes ?? e.parent.memory.totalBytes,
            });
          const q = e.round.quality;
          const quality =
            q === null
              ? ''
              : `; controller Kendall tau ${q.kendallTau === null ? 'n/a' : q.kendallTau.toFixed(2)}, NDCG@${q.k} ${q.ndcg.toFixed(2)}`;
          const parent =
            e.parent === undefined
              ? 'none'
              : `candidate ${e.parent.id} (${pct(e.parent.validationAccuracy ?? 0)}, ${kb(e.parent.measuredBytes ?? e.parent.memory.totalBytes)})`;
          line(`round ${e.round.round} done: parent ${parent}${outcome(e.round, e.parent)}${quality}`);
          break;
        }
        case 'controller-fit':
          if (!tty) line(`  controller fitted on ${e.examples} candidates in ${e.seconds.toFixed(1)} s`);
          break;
      }
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

/** How the round ended for the structure: a grow or trim won, the baseline won, or nothing beat the parent. */
function outcome(r: RoundRecord, parent: CandidateRecord | undefined): string {
  if (r.improved) return '';
  return parent?.mutation.kind === 'keep' && parent.round === r.round
    ? ' kept: the parent trained further beat every child'
    : ' unchanged';
}
