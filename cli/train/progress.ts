// `memnas train` progress for people: one redrawn line on a terminal, a plain line every few
// seconds otherwise (logs, CI, pipes). The loss shown is the mean over the steps since the last
// line, so a noisy minibatch does not jump the figure around.
import type { TrainProgress } from '../../app/train/train.ts';

export interface TrainProgressView {
  step(p: TrainProgress): void;
  /** Ends the redrawn line (before the result lines). */
  end(): void;
}

const TTY_EVERY_MS = 250;
const PLAIN_EVERY_MS = 10_000;

export function progressLine(p: TrainProgress, meanLoss: number): string {
  return (
    `epoch ${p.epoch.toFixed(2)} · ${p.images.toLocaleString('en-US')} images · ` +
    `loss ${meanLoss.toFixed(3)} · ${Math.round(p.imagesPerSecond).toLocaleString('en-US')} img/s`
  );
}

export function createTrainProgress(
  stream: { write(s: string): boolean; isTTY?: boolean },
  now: () => number = () => performance.now(),
): TrainProgressView {
  const tty = stream.isTTY === true;
  const every = tty ? TTY_EVERY_MS : PLAIN_EVERY_MS;
  let last = now();
  let lossSum = 0;
  let lossSteps = 0;
  let drawn = false;
  return {
    step(p) {
      lossSum += p.loss;
      lossSteps++;
      if (now() - last < every) return;
      last = now();
      const line = progressLine(p, lossSum / lossSteps);
      lossSum = 0;
      lossSteps = 0;
      stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
      drawn = tty;
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
