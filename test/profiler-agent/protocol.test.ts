import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_OPTIONS } from '../../profiler-agent/defaults.ts';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  parseAgentMessage,
  parseCoordinatorMessage,
  parseProfileResult,
  type DeviceDescription,
  type ProfileResult,
} from '../../profiler-agent/protocol.ts';

const device: DeviceDescription = {
  name: 'pi5-kitchen',
  tags: ['pi', 'arm64'],
  cpuModel: 'Cortex-A76',
  cores: 4,
  memoryBytes: 8e9,
  os: 'linux',
  arch: 'arm64',
  runtime: { name: 'ort-node', version: '1.30.0' },
  sessionOptions: DEFAULT_SESSION_OPTIONS,
  measuringEnv: { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' },
};

const latency = { first: 9, p50: 1, p90: 1.5, p99: 2, mean: 1.1, std: 0.2 };

function result(): ProfileResult {
  return {
    protocol: PROTOCOL_VERSION,
    modelSha256: 'ab'.repeat(32),
    modelBytes: 1234,
    device,
    runtime: device.runtime,
    sessionOptions: device.sessionOptions,
    latencyBatch: 1,
    loadMs: 3,
    latencyMs: latency,
    peakMemoryBytes: 1000,
    memory: {
      method: 'vmhwm-reset',
      fixedBytes: 800,
      perSampleBytes: 200,
      fit: { fixedBytes: 800, perSampleBytes: 200, r2: 1, maxResidualBytes: 0 },
      samples: [
        { batch: 1, peakBytes: 1000 },
        { batch: 8, peakBytes: 2400 },
      ],
    },
    runs: 50,
    warmup: 5,
    batches: [
      {
        batch: 1,
        baselineBytes: 5e7,
        peakBytes: 1000,
        loadMs: 3,
        latencyMs: latency,
        latenciesMs: [1, 1, 2],
      },
      {
        batch: 8,
        baselineBytes: 5e7,
        peakBytes: 2400,
        loadPeakBytes: 900,
        runPeakBytes: 2400,
        reservedPeakBytes: 65_536,
        codeBytes: 640 * 1024,
        loadMs: 3,
        latencyMs: latency,
        latenciesMs: [1, 2, 2],
      },
    ],
    measuredAt: '2026-11-27T15:00:00.000Z',
    notes: [],
    measuringEnvironment: {
      name: 'protocol',
      env: { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' },
      nodeFlags: ['--expose-gc', '--no-opt', '--single-threaded-gc'],
    },
  };
}

/** A deep copy with one field changed at a dotted path. */
function withField(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(result())) as Record<string, unknown>;
  const keys = path.split('.');
  let o = copy;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  if (value === undefined) delete o[keys.at(-1)!];
  else o[keys.at(-1)!] = value;
  return copy;
}

describe('ProfileResult validation', () => {
  it('accepts a complete result unchanged (through JSON)', () => {
    const r = result();
    expect(parseProfileResult(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('accepts a device that reports no measuring environment (browser agents, older Node agents)', () => {
    expect(parseProfileResult(withField('device.measuringEnv', undefined)).device).not.toHaveProperty(
      'measuringEnv',
    );
  });

  it('accepts a result without a measuring environment (browser agents, older Node agents)', () => {
    expect(parseProfileResult(withField('measuringEnvironment', undefined))).not.toHaveProperty(
      'measuringEnvironment',
    );
  });

  it('accepts the latency estimator and CPU time fields, and results of agents before them', () => {
    const r = withField('latencyMs', {
      ...latency,
      estimator: 'median-of-block-minimums',
      blocks: [1, 1, 1],
      blockMinimaMs: [1, 1, 2],
      runsP50: 1,
      cpuP50: 0.95,
      cpuMean: 1.05,
    }) as Record<string, unknown>;
    ((r.batches as Record<string, unknown>[])[0] as Record<string, unknown>).cpuTimesMs = [0.9, 1, 1.9];
    const parsed = parseProfileResult(JSON.parse(JSON.stringify(r)));
    expect(parsed.latencyMs.estimator).toBe('median-of-block-minimums');
    expect(parsed.latencyMs.cpuP50).toBe(0.95);
    expect(parsed.batches[0]!.cpuTimesMs).toEqual([0.9, 1, 1.9]);
    // The fixture's own summary is an older agent's: no estimator, its p50 the runs' median.
    expect(parseProfileResult(result()).latencyMs).not.toHaveProperty('estimator');
  });

  it('accepts a result without a fit (one batch size)', () => {
    const r = withField('memory.fit', null) as Record<string, unknown>;
    (r.memory as Record<string, unknown>).fixedBytes = null;
    (r.memory as Record<string, unknown>).perSampleBytes = null;
    expect(parseProfileResult(r).memory.fit).toBeNull();
  });

  it.each([
    ['latencyMs.p50', undefined, 'result.latencyMs.p50 must be a finite number'],
    ['latencyMs.p99', 0.5, 'result.latencyMs must have p50 ≤ p90 ≤ p99'],
    ['modelSha256', 'xyz', 'result.modelSha256 must be 64 lower-case hex digits'],
    ['protocol', 99, 'result.protocol must be 1'],
    ['memory.method', 'guess', 'result.memory.method must be one of'],
    [
      'sessionOptions.enableCpuMemArena',
      'yes',
      'result.sessionOptions.enableCpuMemArena must be true or false',
    ],
    ['device.cores', 0, 'result.device.cores must be at least 1'],
    ['device.measuringEnv', 'UV_THREADPOOL_SIZE=1', 'result.device.measuringEnv must be an object'],
    [
      'device.measuringEnv.MALLOC_MMAP_THRESHOLD_',
      4096,
      'result.device.measuringEnv.MALLOC_MMAP_THRESHOLD_ must be a string',
    ],
    ['measuringEnvironment.name', 'turbo', 'result.measuringEnvironment.name must be one of protocol, plain'],
    ['measuringEnvironment.env', ['A=1'], 'result.measuringEnvironment.env must be an object'],
    ['measuringEnvironment.nodeFlags', '--no-opt', 'result.measuringEnvironment.nodeFlags must be an array'],
    ['batches', [], 'result.batches must hold at least one measurement'],
    ['batches.1.loadPeakBytes', -1, 'result.batches[1].loadPeakBytes must be'],
    ['batches.1.runPeakBytes', 1.5, 'result.batches[1].runPeakBytes must be'],
    ['batches.1.reservedPeakBytes', 'big', 'result.batches[1].reservedPeakBytes must be'],
    ['batches.1.codeBytes', -4096, 'result.batches[1].codeBytes must be'],
    ['latencyMs.estimator', 'mean', 'result.latencyMs.estimator must be one of median-of-block-minimums'],
    ['latencyMs.blocks', [10, 0], 'result.latencyMs.blocks[1] must be at least 1'],
    ['latencyMs.cpuP50', -1, 'result.latencyMs.cpuP50 must be at least 0'],
    ['batches.1.cpuTimesMs', [1, -0.5], 'result.batches[1].cpuTimesMs[1] must be a non-negative number'],
  ])('names the bad field %s', (path, value, message) => {
    expect(() => parseProfileResult(withField(path, value))).toThrow(message);
  });
});

describe('agent messages', () => {
  it('round-trips every agent message type', () => {
    const messages = [
      { protocol: PROTOCOL_VERSION, type: 'register', device, agentVersion: '0.1.0' },
      { protocol: PROTOCOL_VERSION, type: 'heartbeat', deviceName: 'pi5-kitchen', jobId: null },
      { protocol: PROTOCOL_VERSION, type: 'result', jobId: 'j1', attempt: 2, result: result() },
      {
        protocol: PROTOCOL_VERSION,
        type: 'error',
        jobId: 'j1',
        attempt: 1,
        error: { code: 'MODEL_INVALID', message: 'bad bytes' },
      },
    ];
    for (const m of messages) expect(parseAgentMessage(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('round-trips coordinator messages, with the model inline or by URL', () => {
    const job = {
      protocol: PROTOCOL_VERSION,
      type: 'job',
      id: 'j1',
      attempt: 1,
      modelSha256: 'cd'.repeat(32),
      modelBytes: 10,
      model: { url: 'http://127.0.0.1:8080/models/cdcd' },
      batches: [1, 8, 32],
      runs: 50,
      warmup: 5,
      timeoutMs: 60000,
    };
    expect(parseCoordinatorMessage(job)).toEqual(job);
    expect(parseCoordinatorMessage({ ...job, model: { base64: 'AAEC' } })).toEqual({
      ...job,
      model: { base64: 'AAEC' },
    });
    for (const m of [
      { protocol: PROTOCOL_VERSION, type: 'registered', deviceName: 'pi', heartbeatMs: 5000 },
      { protocol: PROTOCOL_VERSION, type: 'idle', retryMs: 1000 },
    ]) {
      expect(parseCoordinatorMessage(m)).toEqual(m);
    }
    expect(() => parseCoordinatorMessage({ ...job, batches: [1, 0] })).toThrow(
      'batches[1] must be a positive whole number',
    );
    // The process to measure in: optional, one of two.
    expect(parseCoordinatorMessage({ ...job, environment: 'plain' })).toEqual({
      ...job,
      environment: 'plain',
    });
    expect(() => parseCoordinatorMessage({ ...job, environment: 'fast' })).toThrow(
      'environment must be one of protocol, plain',
    );
  });

  it('refuses another protocol version, unknown types and non-objects', () => {
    expect(() => parseAgentMessage({ protocol: 2, type: 'heartbeat', deviceName: 'x', jobId: null })).toThrow(
      /protocol must be 1/,
    );
    expect(() => parseAgentMessage({ protocol: PROTOCOL_VERSION, type: 'hello' })).toThrow(
      /type must be register, heartbeat, result or error/,
    );
    expect(() => parseAgentMessage('{"protocol":1}')).toThrow(ProtocolError);
    expect(() =>
      parseAgentMessage({
        protocol: PROTOCOL_VERSION,
        type: 'error',
        jobId: null,
        attempt: null,
        error: { code: 'NOPE', message: '' },
      }),
    ).toThrow('error.code must be one of');
  });
});
