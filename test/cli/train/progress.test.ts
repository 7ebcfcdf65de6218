// `memnas train` progress: a redrawn line on a terminal, plain lines at a slower pace otherwise,
// the loss averaged over the steps since the last line.
import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../../app/train/train.ts';
import { createTrainProgress, progressLine } from '../../../cli/train/progress.ts';

const at = (step: number, loss: number): TrainProgress => ({
  step,
  epoch: (step * 128) / 54_000,
  images: step * 128,
  loss,
  imagesPerSecond: 1234.4,
  seconds: step / 10,
});

function sink(isTTY: boolean): { out: string[]; stream: { isTTY: boolean; write(s: string): boolean } } {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) > 0 } };
}

describe('train progress', () => {
  it('names epoch, images, loss and images per second', () => {
    expect(progressLine(at(100, 0.5), 0.5)).toBe('epoch 0.24 · 12,800 images · loss 0.500 · 1,234 img/s');
  });

  it('redraws one line on a terminal every 250 ms and ends it with a newline', () => {
    let t = 0;
    const { out, stream } = sink(true);
    const view = createTrainProgress(stream, () => t);
    view.step(at(1, 2)); // too soon
    t = 300;
    view.step(at(2, 1));
    t = 400;
    view.step(at(3, 0.4)); // too soon after the last line
    t = 600;
    view.step(at(4, 0.2));
    view.end();
    expect(out).toHaveLength(3);
    // eslint-disable-next-line no-control-regex -- the terminal escape is what is tested
    expect(out[0]).toMatch(/^\r\x1b\[2Kepoch 0\.00 · 256 images · loss 1\.500 /);
    // eslint-disable-next-line no-control-regex -- the terminal escape is what is tested
    expect(out[1]).toMatch(/^\r\x1b\[2Kepoch 0\.01 · 512 images · loss 0\.300 /);
    expect(out[2]).toBe('\n');
  });

  it('writes plain lines every 10 s when not a terminal, nothing to end', () => {
    let t = 0;
    const { out, stream } = sink(false);
    const view = createTrainProgress(stream, () => t);
    for (let s = 1; s <= 50; s++) {
      t = s * 500;
      view.step(at(s, 1));
    }
    view.end();
    expect(out).toHaveLength(2);
    for (const line of out)
      expect(line).toMatch(/^epoch \d+\.\d\d · [\d,]+ images · loss 1\.000 · 1,234 img\/s\n$/);
  });
});
