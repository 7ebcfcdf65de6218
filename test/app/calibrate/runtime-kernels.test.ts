// The device runtime's own kernels, computed on this machine for a device it reproduces.
import { describe, expect, it } from 'vitest';
import { calibrationFigures, kernelList } from '../../../app/calibrate/kernel-figures.ts';
import {
  deviceFigures,
  hostRuntimeGraph,
  reproducesDevice,
  runtimeTableOf,
} from '../../../app/calibrate/runtime-kernels.ts';
import { readOnnxModel } from '../../../exporter/onnx/read-model.ts';
import { describeLocalDevice } from '../../../profiler-agent/local.ts';
import { nodeRuntimes } from '../../../profiler-agent/runtime/index.ts';
import { RUNTIME_KERNEL_CLASSES } from '../../../search/calibration/runtime-kernels.ts';
import { invertedResiduals, spaceMember } from '../../fixtures/onnx/calibration-test-set.ts';

describe('runtime kernels', () => {
  it("tables every node of the runtime's graph and sizes each reorder from the file's shapes", async () => {
    const runtime = await nodeRuntimes().resolve('ort-node');
    const device = await describeLocalDevice();
    const { bytes } = spaceMember(4); // 6-, 12- and 24-channel convolutions
    const optimized = await runtime.optimize!(bytes, device.sessionOptions);
    const t = runtimeTableOf(bytes, optimized);
    const count = RUNTIME_KERNEL_CLASSES.reduce((s, k) => s + t.nodes[k], 0);
    expect(count).toBe(readOnnxModel(optimized).graph?.node?.length);
    const f = calibrationFigures(bytes);
    // Each reorder copies one real tensor of the file: none is sized 0 or beyond the largest.
    for (const [n, b] of [
      [t.nodes.reorderOutput, t.reorderOutputBytes],
      [t.nodes.reorderInput, t.reorderInputBytes],
    ] as const) {
      expect(b >= n * 4 && b <= n * f.maxTensorBytes).toBe(true);
    }
    if (t.nodes.blockedConv > 0) {
      // A blocked layout (x86: 8 or 16 channels a block) cannot keep 6 channels blocked: the
      // runtime runs reorders the file does not have, and more kernels than the file lists.
      expect(t.nodes.reorderOutput).toBeGreaterThan(0);
      expect(count).toBeGreaterThan(kernelList(bytes).length);
      // ReLU6 (Clip) fuses into the blocked convolutions as an activation of its own pass.
      const ir = invertedResiduals(11, 16, 32).bytes;
      const irTable = runtimeTableOf(ir, await runtime.optimize!(ir, device.sessionOptions));
      expect(irTable.nodes.blockedConvActivationPass).toBeGreaterThan(0);
      expect(t.nodes.blockedConvActivationPass).toBe(0);
    }
  });

  it("counts each convolution's work as the runtime stores it: padded channels cost MACs the file does not have", async () => {
    const runtime = await nodeRuntimes().resolve('ort-node');
    const { sessionOptions } = await describeLocalDevice();
    const table = async (bytes: Uint8Array) =>
      runtimeTableOf(bytes, await runtime.optimize!(bytes, sessionOptions));
    const fileMacs = (bytes: Uint8Array): number => {
      const k = calibrationFigures(bytes).fusedKernels!;
      return k.conv.macs + k.pointwise.macs + k.depthwise.macs;
    };
    const sum = (t: Awaited<ReturnType<typeof table>>) =>
      Object.values(t.convMacs).reduce((a, b) => a + b, 0);
    // Every channel count a multiple of 16 (and so of any block): the runtime computes what the file says.
    const even = invertedResiduals(11, 32, 32).bytes;
    const evenTable = await table(even);
    expect(sum(evenTable)).toBe(fileMacs(even));
    expect(evenTable.convMacs.depthwise).toBe(calibrationFigures(even).fusedKernels!.depthwise.macs);
    // 12-channel layers: blocked, they compute on 16 (or 8 + 8) channels at the least.
    const odd = invertedResiduals(15, 24, 40).bytes;
    const oddTable = await table(odd);
    if (oddTable.nodes.blockedConv + oddTable.nodes.blockedConvActivationPass > 0) {
      expect(sum(oddTable)).toBeGreaterThan(fileMacs(odd));
      expect(oddTable.activationPassBytes).toBeGreaterThan(0); // ReLU6 runs as a second pass
    } else expect(sum(oddTable)).toBe(fileMacs(odd));
  });

  it('computes them for this machine, and not for another CPU, runtime version or runtime', async () => {
    const device = await describeLocalDevice();
    const runtime = device.runtime;
    expect(reproducesDevice(device, runtime)).toBe(true);
    expect(reproducesDevice({ ...device, cpuModel: 'Cortex-A76' }, runtime)).toBe(false);
    expect(reproducesDevice({ ...device, arch: 'arm64' === process.arch ? 'x64' : 'arm64' }, runtime)).toBe(
      false,
    );
    expect(reproducesDevice(device, { ...runtime, version: '0.0.1' })).toBe(false);
    expect(await hostRuntimeGraph({ ...device, cpuModel: 'Cortex-A76' })).toBeNull();
    expect(await hostRuntimeGraph({ ...device, runtime: { name: 'ort-web', version: '1.30.0' } })).toBeNull();
    expect(await hostRuntimeGraph(undefined)).toBeNull();
    const source = (await hostRuntimeGraph(device))!;
    expect(source.runtime).toBe(`${runtime.name} ${runtime.version}`);
    const { bytes } = spaceMember(4);
    const figures = await deviceFigures(bytes, source);
    expect(figures.runtimeKernels).toEqual(await source.table(bytes));
    expect(figures).toEqual({ ...calibrationFigures(bytes), runtimeKernels: figures.runtimeKernels });
    expect((await deviceFigures(bytes, null)).runtimeKernels).toBeUndefined();
  });
});
