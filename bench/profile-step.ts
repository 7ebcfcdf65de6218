// Per-kernel timing of the training step (tf.profile), summed by kernel name; the least of
// several profiled steps per kernel, since other jobs on a shared machine inflate single runs.
// Used by train-throughput.ts --profile.

import type { Tf } from '../trainer/backend/index.ts';

export async function profileStep(tf: Tf, step: () => unknown, runs = 5): Promise<void> {
  const best = new Map<string, { ms: number; calls: number }>();
  for (let r = 0; r < runs; r++) {
    const profile = await tf.profile(() => {
      step();
    });
    const byKernel = new Map<string, { ms: number; calls: number }>();
    for (const k of profile.kernels) {
      const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      entry.calls += 1;
      byKernel.set(k.name, entry);
    }
    for (const [name, e] of byKernel) {
      const prev = best.get(name);
      if (prev === undefined || e.ms < prev.ms) best.set(name, e);
    }
  }
  const rows = [...best.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`kernel time ${total.toFixed(1)} ms per step (least of ${runs} profiled steps per kernel)`);
  for (const [name, { ms, calls }] of rows)
    console.log(`  ${name.padEnd(36)} ${ms.toFixed(2).padStart(8)} ms  ${calls} calls`);
}
