// Schemas of what an agent says about its device and its runtime session (protocol.ts holds the
// documented types derived from them).
import * as z from 'zod/mini';
import { MAX_TAGS } from '../names.ts';
import { bool, finite, line, list, name, object, oneOf, str, whole } from './fields.ts';

export const sessionOptionsSchema = object({
  graphOptimizationLevel: oneOf(['disabled', 'basic', 'extended', 'all']),
  enableCpuMemArena: bool(),
  enableMemPattern: bool(),
  /** Threads inside one operator. Fixed (not 0 = "runtime decides") so results are comparable. */
  intraOpNumThreads: whole(0),
  interOpNumThreads: whole(0),
  executionMode: oneOf(['sequential', 'parallel']),
});

/** A runtime as a device reports it: logged by the coordinator, so each part is one short line. */
export const deviceRuntimeSchema = object({
  /** Registry name: 'ort-node' (Node agent) or 'ort-web' (browser agent). */
  name: line(),
  version: line(),
});

/** The kernel's transparent-huge-page modes, as /sys/kernel/mm/transparent_hugepage/enabled names them. */
export const HUGE_PAGE_MODES = ['always', 'madvise', 'never'] as const;

export const deviceSchema = object({
  /** User-given name, unique within a coordinator; 'local' for `memnas profile --device local`. */
  name: name(),
  tags: list(name()).check(z.maxLength(MAX_TAGS, { error: `must list at most ${MAX_TAGS} tags` })),
  cpuModel: line(),
  cores: whole(1),
  memoryBytes: whole(0),
  /** process.platform in Node ('linux', 'darwin', …); the user agent's platform in a browser. */
  os: line(),
  /** process.arch in Node ('arm64', 'x64', …); 'wasm32' for the browser agent. */
  arch: line(),
  runtime: deviceRuntimeSchema,
  sessionOptions: sessionOptionsSchema,
  // The browser agent's page (issue 19 item 3): what its timers are worth. Absent from Node agents.
  /**
   * Whether the page was cross-origin isolated (COOP/COEP honoured, which needs a secure context:
   * https, or localhost). Not isolated, browsers coarsen performance.now() to about 100 µs.
   */
  crossOriginIsolated: z.exactOptional(bool()),
  /** The smallest positive step of performance.now() the page saw in a short loop, in ms. */
  timerResolutionMs: z.exactOptional(finite(0)),
  /**
   * Environment variables the agent sets for its measuring processes (the Node agent: one libuv
   * pool thread and glibc's mmap threshold, measure/run-child.ts), part of what its peaks mean: a
   * calibration made under one setting does not predict peaks measured under another. Absent
   * from browser agents and from Node agents before it was reported.
   */
  measuringEnv: z.exactOptional(z.record(str(), str(), { error: 'must be an object' })),
  /**
   * The agent runs under an emulator (qemu): its peaks are the guest's own, but its timings are
   * the emulator's, not the device's, so hosts neither fit nor print latency from it. Set by
   * `memnas-agent agent --emulated` or MEMNAS_AGENT_EMULATED=1; absent means a real device.
   */
  emulated: z.exactOptional(bool()),
  /**
   * Node agents on Linux: the kernel's transparent-huge-page mode
   * (/sys/kernel/mm/transparent_hugepage/enabled). Under `always` a peak can include a 2 MB huge
   * page one process gets and the next does not. Absent where the kernel has none (a Pi's), in
   * browsers and from agents before it was reported.
   */
  transparentHugePages: z.exactOptional(oneOf(HUGE_PAGE_MODES)),
});
