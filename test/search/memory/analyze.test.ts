import { describe, expect, it } from 'vitest';
import { analyzeMemory } from '../../../search/memory/analyze.ts';
import { chain, concatBlock, invertedResidual, residual, twoBranches } from './blocks.ts';
import { cnnLikeGraph, isTopological } from './fixtures.ts';

describe('analyzeMemory on hand-computed blocks', () => {
  it('plain chain', () => {
    // Strict: A runs with x(100)+a(200)=300; then a alone 200, B: 200+50=250; C: 50+10=60.
    // Method: step0 x=100; step1 a=200 (x released at A's step); step2 b=50; step3 c=10.
    const r = analyzeMemory(chain, 1000);
    expect(r.fileOrderPeakActivationBytes).toBe(300);
    expect(r.peakActivationBytes).toBe(300);
    expect(r.methodPeakActivationBytes).toBe(200);
    expect(r.totalBytes).toBe(1300);
    expect(r.paramBytes).toBe(1000);
    expect(r.peakNode).toBe('A');
    expect(r.liveAtPeak).toEqual([
      { tensor: 'a', bytes: 200 },
      { tensor: 'x', bytes: 100 },
    ]);
    expect(r.order).toEqual(['A', 'B', 'C']);
    expect(r.orderSearch.method).toBe('exact');
  });

  it('residual block keeps the skip edge alive', () => {
    // Strict: C1: x64+a128=192; C2: x64+a128+b64=256; Add: x64+b64+y64=192 → 256 at C2.
    // Method: step0 x=64; step1 x+a=192; step2 x+b=128 (a released at C2's step); step3 y=64.
    const r = analyzeMemory(residual, 0);
    expect(r.fileOrderPeakActivationBytes).toBe(256);
    expect(r.peakActivationBytes).toBe(256);
    expect(r.methodPeakActivationBytes).toBe(192);
    expect(r.peakNode).toBe('C2');
    expect(r.liveAtPeak.map((t) => t.tensor)).toEqual(['a', 'b', 'x']);
  });

  it('concat block counts both branches and the concatenation', () => {
    // Strict file order: B1: x80+p40=120; B2: x80+p40+q60=180 (x then released);
    // Concat: p40+q60+c100=200. Any order ends in Concat at 200, so best = 200.
    // Method: step0 x=80; step1 p+q=100 (x released at its consumers' step); step2 c=100.
    const r = analyzeMemory(concatBlock, 0);
    expect(r.fileOrderPeakActivationBytes).toBe(200);
    expect(r.peakActivationBytes).toBe(200);
    expect(r.methodPeakActivationBytes).toBe(100);
    expect(r.peakNode).toBe('Concat');
    expect(r.fileOrderLiveAtPeak).toEqual([
      { tensor: 'c', bytes: 100 },
      { tensor: 'q', bytes: 60 },
      { tensor: 'p', bytes: 40 },
    ]);
  });

  it('inverted residual peaks at the depthwise step', () => {
    // Strict: Expand x32+e192=224; Depthwise x32+e192+d192=416; Project x32+d192+p32=256; Add 96.
    // Method: step0 32; step1 x+e=224; step2 x+d=224; step3 x+p=64; step4 y=32 → 224.
    const r = analyzeMemory(invertedResidual, 0);
    expect(r.fileOrderPeakActivationBytes).toBe(416);
    expect(r.peakActivationBytes).toBe(416);
    expect(r.methodPeakActivationBytes).toBe(224);
    expect(r.peakNode).toBe('Depthwise');
    expect(r.liveAtPeak).toEqual([
      { tensor: 'd', bytes: 192 },
      { tensor: 'e', bytes: 192 },
      { tensor: 'x', bytes: 32 },
    ]);
  });

  it('best order beats the file order on interleaved branches', () => {
    // File order A1,B1,A2,B2,J: B1 runs with x10+a100+b100 = 210.
    // Best: finish one branch first. A1: x+a=110; A2: x+a+a2=111 (a freed → 11);
    // B1: x+a2+b=111; B2: a2+b+b2=102; J: 3. Whichever big op runs second sees x(10) + the
    // other branch's 1-byte result + its own 100 bytes, so 111 is optimal.
    // Method: step1 runs A1 and B1 together: a+b = 200.
    const r = analyzeMemory(twoBranches, 0);
    expect(r.fileOrderPeakActivationBytes).toBe(210);
    expect(r.peakActivationBytes).toBe(111);
    expect(r.methodPeakActivationBytes).toBe(200);
    expect(r.orderSearch.method).toBe('exact');
    expect(isTopological(twoBranches, r.order)).toBe(true);
    const first = r.order.indexOf('A1') < r.order.indexOf('B1') ? ['A1', 'A2'] : ['B1', 'B2'];
    expect(r.order.slice(0, 2)).toEqual(first);
  });
});

describe('analyzeMemory performance', () => {
  it('analyses a 2,000-node CNN-like graph quickly and exactly', () => {
    const graph = cnnLikeGraph(11, 2000);
    const started = performance.now();
    const r = analyzeMemory(graph, 0);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(3000);
    expect(graph.nodes.length).toBeGreaterThan(1990);
    expect(r.order).toHaveLength(graph.nodes.length);
    expect(isTopological(graph, r.order)).toBe(true);
    expect(r.peakActivationBytes).toBeLessThanOrEqual(r.fileOrderPeakActivationBytes);
    expect(r.orderSearch.method).toBe('exact');
  });
});
