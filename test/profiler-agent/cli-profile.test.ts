// `memnas profile` (cli/commands/profile.ts): flags, the device rule and the JSON output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseBatches, runProfile } from '../../cli/commands/profile.ts';
import { parseProfileResult } from '../../profiler-agent/protocol.ts';
import { CORRUPT_MODEL, wideActivationModel } from './fixtures.ts';

const work = mkdtempSync(join(tmpdir(), 'memnas-profile-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('memnas profile', () => {
  it('parses --batches', () => {
    expect(parseBatches(undefined)).toEqual([1, 8, 32]);
    expect(parseBatches('1, 4,16')).toEqual([1, 4, 16]);
    expect(() => parseBatches('1,,8')).toThrow(
      "--batches takes positive whole numbers separated by commas, like 1,8,32; got '1,,8'",
    );
    expect(() => parseBatches('2,2')).toThrow('lists a batch size twice');
  });

  it('asks for a coordinator for any device but local', async () => {
    await expect(runProfile(['m.onnx', '--device', 'pi4'])).rejects.toMatchObject({
      code: 'USAGE',
      message:
        "profiling on device 'pi4' needs a coordinator (--coordinator URL or MEMNAS_COORDINATOR); use --device local",
    });
    await expect(runProfile([])).rejects.toMatchObject({ code: 'USAGE' });
    await expect(runProfile(['m.onnx', '--runs', '0'])).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('maps agent errors to memnas codes', async () => {
    const bad = join(work, 'corrupt.onnx');
    writeFileSync(bad, CORRUPT_MODEL);
    await expect(runProfile([bad, '--batches', '1'])).rejects.toMatchObject({
      name: 'MemnasError',
      code: 'ONNX_INVALID',
    });
    await expect(runProfile([join(work, 'missing.onnx')])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('prints one JSON object with --json, and a table without', async () => {
    const model = join(work, 'wide.onnx');
    writeFileSync(model, wideActivationModel());
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(
        await runProfile([
          model,
          '--device',
          'local',
          '--json',
          '--batches',
          '1,2',
          '--runs',
          '3',
          '--warmup',
          '0',
        ]),
      ).toBe(0);
      const result = parseProfileResult(JSON.parse(String(log.mock.calls[0]![0])));
      expect(result.device.name).toBe('local');
      expect(Object.keys(result)).toEqual(
        expect.arrayContaining([
          'device',
          'runtime',
          'sessionOptions',
          'loadMs',
          'latencyMs',
          'peakMemoryBytes',
          'memory',
        ]),
      );
      log.mockClear();
      expect(await runProfile([model, '--batches', '1', '--runs', '3', '--warmup', '0'])).toBe(0);
      const text = String(log.mock.calls[0]![0]);
      expect(text).toContain('wide.onnx');
      expect(text).toMatch(/latency p50 \/ p90 \/ p99 \(batch 1\)/);
      expect(text).toMatch(/peak memory \(batch 1\)\s+\d/);
      expect(text).toMatch(/memory fit\s+needs two batch sizes/);
    } finally {
      log.mockRestore();
    }
  });
});
