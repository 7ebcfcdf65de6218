// Validators for the agent protocol (protocol.ts): untrusted JSON in, typed message out, or a
// ProtocolError naming the first bad field by its path. Hand-written rather than zod so the
// agent's install stays onnxruntime-node only. Constants from protocol.ts are read inside
// functions only (the two modules import each other).
import {
  AGENT_ERROR_CODES,
  PROTOCOL_VERSION,
  type AgentMessage,
  type BatchMeasurement,
  type CoordinatorMessage,
  type DeviceDescription,
  type ErrorInfo,
  type EvaluateInput,
  type Evaluation,
  type LatencySummary,
  type MemoryFit,
  type ProfileResult,
  type SessionOptions,
} from './protocol.ts';
import { CodedError } from './coded-error.ts';
import { hasControlCharacters, MAX_TAGS, nameProblem } from './names.ts';

/** A message that does not follow the protocol; `path` names the field ('result.latencyMs.p50'). */
export class ProtocolError extends CodedError<'PROTOCOL_INVALID'> {
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super('PROTOCOL_INVALID', `invalid protocol message: ${path || 'message'} ${problem}`, options);
    this.name = 'ProtocolError';
    this.path = path;
  }
}

type Obj = Record<string, unknown>;

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ProtocolError(path, 'must be an object');
  return v as Obj;
}

function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ProtocolError(at(path, key), 'must be a string');
  return v;
}

function num(o: Obj, key: string, path: string, min = -Infinity): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new ProtocolError(at(path, key), 'must be a finite number');
  if (v < min) throw new ProtocolError(at(path, key), `must be at least ${min}, got ${v}`);
  return v;
}

function int(o: Obj, key: string, path: string, min: number): number {
  const v = num(o, key, path, min);
  if (!Number.isInteger(v)) throw new ProtocolError(at(path, key), 'must be a whole number');
  return v;
}

function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ProtocolError(at(path, key), 'must be true or false');
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (!allowed.includes(v as T))
    throw new ProtocolError(at(path, key), `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function arr(o: Obj, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new ProtocolError(at(path, key), 'must be an array');
  return v;
}

function checkedName(v: string, path: string): string {
  const problem = nameProblem(v);
  if (problem !== null) throw new ProtocolError(path, problem);
  return v;
}

/** A device name (devices, heartbeats, polls): see names.ts. */
export function deviceName(o: Obj, key: string, path: string): string {
  return checkedName(str(o, key, path), at(path, key));
}

/** A descriptive string the coordinator logs (cpu model, os): one line of at most 256 characters. */
function line(o: Obj, key: string, path: string): string {
  const v = str(o, key, path);
  if (v.length > 256 || hasControlCharacters(v))
    throw new ProtocolError(at(path, key), 'must be one line of at most 256 characters');
  return v;
}

function nullable<T>(o: Obj, key: string, read: () => T): T | null {
  return o[key] === null ? null : read();
}

function header(v: unknown): Obj {
  const o = obj(v, '');
  if (o.protocol !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      'protocol',
      `must be ${PROTOCOL_VERSION} (this side speaks version ${PROTOCOL_VERSION}), got ${JSON.stringify(o.protocol)}`,
    );
  }
  return o;
}

export function parseSessionOptions(v: unknown, path = 'sessionOptions'): SessionOptions {
  const o = obj(v, path);
  return {
    graphOptimizationLevel: oneOf(o, 'graphOptimizationLevel', path, [
      'disabled',
      'basic',
      'extended',
      'all',
    ]),
    enableCpuMemArena: bool(o, 'enableCpuMemArena', path),
    enableMemPattern: bool(o, 'enableMemPattern', path),
    intraOpNumThreads: int(o, 'intraOpNumThreads', path, 0),
    interOpNumThreads: int(o, 'interOpNumThreads', path, 0),
    executionMode: oneOf(o, 'executionMode', path, ['sequential', 'parallel']),
  };
}

export function parseDeviceDescription(v: unknown, path = 'device'): DeviceDescription {
  const o = obj(v, path);
  const runtime = obj(o.runtime, `${path}.runtime`);
  const list = arr(o, 'tags', path);
  if (list.length > MAX_TAGS) throw new ProtocolError(`${path}.tags`, `must list at most ${MAX_TAGS} tags`);
  const tags = list.map((t, i) => {
    if (typeof t !== 'string') throw new ProtocolError(`${path}.tags[${i}]`, 'must be a string');
    return checkedName(t, `${path}.tags[${i}]`);
  });
  return {
    name: deviceName(o, 'name', path),
    tags,
    cpuModel: line(o, 'cpuModel', path),
    cores: int(o, 'cores', path, 1),
    memoryBytes: int(o, 'memoryBytes', path, 0),
    os: line(o, 'os', path),
    arch: line(o, 'arch', path),
    runtime: {
      name: line(runtime, 'name', `${path}.runtime`),
      version: line(runtime, 'version', `${path}.runtime`),
    },
    sessionOptions: parseSessionOptions(o.sessionOptions, `${path}.sessionOptions`),
    ...(o.measuringEnv === undefined
      ? {}
      : { measuringEnv: stringRecord(o.measuringEnv, `${path}.measuringEnv`) }),
  };
}

function stringRecord(v: unknown, path: string): Record<string, string> {
  const o = obj(v, path);
  for (const k of Object.keys(o)) str(o, k, path);
  return { ...(o as Record<string, string>) };
}

function latency(v: unknown, path: string): LatencySummary {
  const o = obj(v, path);
  const l = {
    first: num(o, 'first', path, 0),
    p50: num(o, 'p50', path, 0),
    p90: num(o, 'p90', path, 0),
    p99: num(o, 'p99', path, 0),
    mean: num(o, 'mean', path, 0),
    std: num(o, 'std', path, 0),
  };
  if (!(l.p50 <= l.p90 && l.p90 <= l.p99)) throw new ProtocolError(path, 'must have p50 ≤ p90 ≤ p99');
  return l;
}

function batchMeasurement(v: unknown, path: string): BatchMeasurement {
  const o = obj(v, path);
  return {
    batch: int(o, 'batch', path, 1),
    baselineBytes: int(o, 'baselineBytes', path, 0),
    peakBytes: int(o, 'peakBytes', path, 0),
    ...(o.loadPeakBytes === undefined ? {} : { loadPeakBytes: int(o, 'loadPeakBytes', path, 0) }),
    ...(o.runPeakBytes === undefined ? {} : { runPeakBytes: int(o, 'runPeakBytes', path, 0) }),
    ...(o.reservedPeakBytes === undefined ? {} : { reservedPeakBytes: int(o, 'reservedPeakBytes', path, 0) }),
    ...(o.codeBytes === undefined ? {} : { codeBytes: int(o, 'codeBytes', path, 0) }),
    loadMs: num(o, 'loadMs', path, 0),
    latencyMs: latency(o.latencyMs, `${path}.latencyMs`),
    latenciesMs: arr(o, 'latenciesMs', path).map((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
        throw new ProtocolError(`${path}.latenciesMs[${i}]`, 'must be a non-negative number');
      return x;
    }),
  };
}

function memoryFit(v: unknown, path: string): MemoryFit {
  const o = obj(v, path);
  return {
    fixedBytes: num(o, 'fixedBytes', path),
    perSampleBytes: num(o, 'perSampleBytes', path),
    r2: num(o, 'r2', path),
    maxResidualBytes: num(o, 'maxResidualBytes', path, 0),
  };
}

export function parseProfileResult(v: unknown, path = 'result'): ProfileResult {
  const o = obj(v, path);
  if (o.protocol !== PROTOCOL_VERSION)
    throw new ProtocolError(`${path}.protocol`, `must be ${PROTOCOL_VERSION}`);
  const sha = str(o, 'modelSha256', path);
  if (!/^[0-9a-f]{64}$/.test(sha))
    throw new ProtocolError(`${path}.modelSha256`, 'must be 64 lower-case hex digits');
  const m = obj(o.memory, `${path}.memory`);
  const mp = `${path}.memory`;
  const batches = arr(o, 'batches', path).map((b, i) => batchMeasurement(b, `${path}.batches[${i}]`));
  if (batches.length === 0) throw new ProtocolError(`${path}.batches`, 'must hold at least one measurement');
  const notes = arr(o, 'notes', path).map((n, i) => {
    if (typeof n !== 'string') throw new ProtocolError(`${path}.notes[${i}]`, 'must be a string');
    return n;
  });
  return {
    protocol: PROTOCOL_VERSION,
    modelSha256: sha,
    modelBytes: int(o, 'modelBytes', path, 1),
    device: parseDeviceDescription(o.device, `${path}.device`),
    runtime: (() => {
      const r = obj(o.runtime, `${path}.runtime`);
      return { name: str(r, 'name', `${path}.runtime`), version: str(r, 'version', `${path}.runtime`) };
    })(),
    sessionOptions: parseSessionOptions(o.sessionOptions, `${path}.sessionOptions`),
    latencyBatch: int(o, 'latencyBatch', path, 1),
    loadMs: num(o, 'loadMs', path, 0),
    latencyMs: latency(o.latencyMs, `${path}.latencyMs`),
    peakMemoryBytes: num(o, 'peakMemoryBytes', path, 0),
    memory: {
      method: oneOf(m, 'method', mp, ['vmhwm-reset', 'vmhwm', 'rss-sampling', 'wasm-heap', 'wasm-memory']),
      fixedBytes: nullable(m, 'fixedBytes', () => num(m, 'fixedBytes', mp)),
      perSampleBytes: nullable(m, 'perSampleBytes', () => num(m, 'perSampleBytes', mp)),
      fit: nullable(m, 'fit', () => memoryFit(m.fit, `${mp}.fit`)),
      samples: arr(m, 'samples', mp).map((s, i) => {
        const so = obj(s, `${mp}.samples[${i}]`);
        return {
          batch: int(so, 'batch', `${mp}.samples[${i}]`, 1),
          peakBytes: int(so, 'peakBytes', `${mp}.samples[${i}]`, 0),
        };
      }),
    },
    runs: int(o, 'runs', path, 1),
    warmup: int(o, 'warmup', path, 0),
    batches,
    measuredAt: str(o, 'measuredAt', path),
    notes,
    ...(o.evaluation === undefined ? {} : { evaluation: evaluation(o.evaluation, `${path}.evaluation`) }),
  };
}

function evaluation(v: unknown, path: string): Evaluation {
  const o = obj(v, path);
  const samples = int(o, 'samples', path, 0);
  const predictions = arr(o, 'predictions', path).map((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
      throw new ProtocolError(`${path}.predictions[${i}]`, 'must be a class index (whole number ≥ 0)');
    return x;
  });
  if (predictions.length !== samples)
    throw new ProtocolError(`${path}.predictions`, `must hold one class per sample (${samples})`);
  return {
    samples,
    predictions,
    inferenceMs: num(o, 'inferenceMs', path, 0),
    batch: int(o, 'batch', path, 1),
  };
}

function source(v: unknown, path: string): { url: string } | { base64: string } {
  const src = obj(v, path);
  return typeof src.url === 'string' ? { url: src.url } : { base64: str(src, 'base64', path) };
}

function evaluateInput(v: unknown, path: string): EvaluateInput {
  const o = obj(v, path);
  const dims = positiveIntList(o, 'dims', path);
  const sha = str(o, 'sha256', path);
  if (!/^[0-9a-f]{64}$/.test(sha))
    throw new ProtocolError(`${path}.sha256`, 'must be 64 lower-case hex digits');
  const dtype = oneOf(o, 'dtype', path, ['uint8', 'float32']);
  const bytes = int(o, 'bytes', path, 1);
  const expected = dims.reduce((a, b) => a * b, 1) * (dtype === 'uint8' ? 1 : 4);
  if (bytes !== expected)
    throw new ProtocolError(`${path}.bytes`, `must be ${expected} for ${dtype} of dims ${dims.join('×')}`);
  return {
    dtype,
    dims,
    scale: num(o, 'scale', path),
    sha256: sha,
    bytes,
    source: source(o.source, `${path}.source`),
  };
}

function errorInfo(v: unknown, path: string): ErrorInfo {
  const o = obj(v, path);
  return { code: oneOf(o, 'code', path, AGENT_ERROR_CODES), message: str(o, 'message', path) };
}

function nullableId(o: Obj, key: string): string | null {
  return nullable(o, key, () => str(o, key, ''));
}

/** Parses a message an agent sent (register, heartbeat, result, error). */
export function parseAgentMessage(v: unknown): AgentMessage {
  const o = header(v);
  const protocol = PROTOCOL_VERSION;
  switch (o.type) {
    case 'register':
      return {
        protocol,
        type: 'register',
        device: parseDeviceDescription(o.device),
        agentVersion: line(o, 'agentVersion', ''),
      };
    case 'heartbeat':
      return {
        protocol,
        type: 'heartbeat',
        deviceName: deviceName(o, 'deviceName', ''),
        jobId: nullableId(o, 'jobId'),
      };
    case 'result':
      return {
        protocol,
        type: 'result',
        jobId: str(o, 'jobId', ''),
        attempt: int(o, 'attempt', '', 1),
        result: parseProfileResult(o.result),
      };
    case 'error':
      return {
        protocol,
        type: 'error',
        jobId: nullableId(o, 'jobId'),
        attempt: nullable(o, 'attempt', () => int(o, 'attempt', '', 1)),
        error: errorInfo(o.error, 'error'),
      };
    default:
      throw new ProtocolError(
        'type',
        `must be register, heartbeat, result or error, got ${JSON.stringify(o.type)}`,
      );
  }
}

function positiveIntList(o: Obj, key: string, path = ''): number[] {
  const list = arr(o, key, path).map((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1)
      throw new ProtocolError(`${at(path, key)}[${i}]`, 'must be a positive whole number');
    return x;
  });
  if (list.length === 0) throw new ProtocolError(at(path, key), 'must not be empty');
  return list;
}

/** Parses a message the coordinator sent (registered, job, idle, error). */
export function parseCoordinatorMessage(v: unknown): CoordinatorMessage {
  const o = header(v);
  const protocol = PROTOCOL_VERSION;
  switch (o.type) {
    case 'registered':
      return {
        protocol,
        type: 'registered',
        deviceName: str(o, 'deviceName', ''),
        heartbeatMs: int(o, 'heartbeatMs', '', 1),
        ...(o.deviceToken === undefined ? {} : { deviceToken: str(o, 'deviceToken', '') }),
      };
    case 'idle':
      return { protocol, type: 'idle', retryMs: int(o, 'retryMs', '', 0) };
    case 'job': {
      const model = source(o.model, 'model');
      const sha = str(o, 'modelSha256', '');
      if (!/^[0-9a-f]{64}$/.test(sha))
        throw new ProtocolError('modelSha256', 'must be 64 lower-case hex digits');
      return {
        protocol,
        type: 'job',
        id: str(o, 'id', ''),
        attempt: int(o, 'attempt', '', 1),
        modelSha256: sha,
        modelBytes: int(o, 'modelBytes', '', 1),
        model,
        batches: positiveIntList(o, 'batches'),
        runs: int(o, 'runs', '', 1),
        warmup: int(o, 'warmup', '', 0),
        timeoutMs: int(o, 'timeoutMs', '', 1),
        ...(o.evaluate === undefined ? {} : { evaluate: evaluateInput(o.evaluate, 'evaluate') }),
      };
    }
    case 'error':
      return {
        protocol,
        type: 'error',
        jobId: nullableId(o, 'jobId'),
        attempt: nullable(o, 'attempt', () => int(o, 'attempt', '', 1)),
        error: errorInfo(o.error, 'error'),
      };
    default:
      throw new ProtocolError(
        'type',
        `must be registered, job, idle or error, got ${JSON.stringify(o.type)}`,
      );
  }
}
