// browserEvaluate's own logic in Node, without a browser: the batches, the yield before each one
// (other tasks run between batches), the stop between batches, and that it gives the Node
// classifier's classes when handed the Node runtime. The page itself: evaluate-page.test.ts.
import { describe, expect, it } from 'vitest';
import { Stopped } from '../../../profiler-agent/agent/backoff.ts';
import { browserEvaluate, yieldingModel } from '../../../profiler-agent/browser/evaluate.ts';
import { classifyBlob } from '../../../profiler-agent/evaluate/classify.ts';
import { nodeRuntimes } from '../../../profiler-agent/runtime/index.ts';
import type { LoadedModel } from '../../../profiler-agent/runtime/types.ts';
import { device } from '../../devices/helpers/fixtures.ts';
import { imageBlob, nodeClasses, plainCnnModel } from './evaluate-fixture.ts';

const evaluateInput = (layout: ReturnType<typeof imageBlob>['layout'], bytes: number) => ({
  ...layout,
  sha256: '0'.repeat(64),
  bytes,
  source: { url: '/unused' },
});

describe('browserEvaluate', () => {
  it('classifies in batches like the Node classifier, reporting progress', async () => {
    const model = plainCnnModel();
    const { blob, layout } = imageBlob(250);
    const progress: number[] = [];
    const evaluate = browserEvaluate({
      ortBaseUrl: 'http://unused/',
      threads: 1,
      batch: 100,
      runtime: () => nodeRuntimes().resolve('ort-node'),
      onProgress: (done, total) => progress.push(done / total),
    });
    const result = await evaluate(model, blob, evaluateInput(layout, blob.byteLength), device('web'));
    expect(result.samples).toBe(250);
    expect(result.batch).toBe(100);
    expect(result.predictions).toEqual(await nodeClasses(model, blob, layout));
    expect(new Set(result.predictions).size).toBeGreaterThan(1);
    expect(progress).toEqual([0.4, 0.8, 1]);
  });

  it('lets timers run between batches and stops between batches when the signal aborts', async () => {
    const { blob, layout } = imageBlob(200);
    // Answers at once (a resolved promise, no event-loop turn), like a wasm run on the page's
    // thread: without the yield no timer could fire until every batch was done.
    let batches = 0;
    const instant: LoadedModel = {
      inputs: [{ name: 'x', type: 'float32', shape: ['N', 1, 28, 28] }],
      prepare: () => {
        throw new Error('not used');
      },
      dispose: () => Promise.resolve(),
      infer: (feeds) => {
        batches++;
        const n = feeds.x!.dims[0]!;
        return Promise.resolve({ y: { dims: [n, 10], data: new Float32Array(n * 10) } });
      },
    };
    const stop = new AbortController();
    // A timer queued after the first batch aborts: it can only fire if the loop yields.
    const abortLater = (): void => void setTimeout(() => stop.abort(), 0);
    const stopping = yieldingModel(instant, stop.signal, () => {
      if (batches === 1) abortLater();
    });
    await expect(classifyBlob(stopping, blob, layout, 1)).rejects.toBeInstanceOf(Stopped);
    // The timer is queued after batch 1 and may fire in the very next yield (a loaded machine
    // delays the MessageChannel turn past it): stopping before batch 2 is as correct as a few
    // batches later. What proves the yield is that it stopped at all, long before 200.
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThan(200);
    // Not stopped: every batch runs.
    batches = 0;
    const all = await classifyBlob(yieldingModel(instant, new AbortController().signal), blob, layout, 1);
    expect(all.samples).toBe(200);
    expect(batches).toBe(200);
  });
});
