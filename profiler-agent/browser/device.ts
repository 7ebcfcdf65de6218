// The browser as a device: what a page can learn about its machine. A page cannot see the CPU
// model, so the user agent stands in for it; navigator.deviceMemory (Chromium only, rounded
// to a power of two and capped) gives the memory or 0 when absent; the architecture is the one the code runs
// on, 'wasm32'. The page's clock (isolated or not, and its measured step) goes with it, since it
// bounds what a latency from this device means.
import { DEFAULT_SESSION_OPTIONS } from '../defaults.ts';
import type { DeviceDescription, SessionOptions } from '../protocol.ts';

/** The navigator fields used (a parameter, so tests and other realms can pass their own). */
export interface NavigatorInfo {
  readonly userAgent: string;
  readonly hardwareConcurrency?: number;
  readonly platform?: string;
  /** Chromium's Device Memory API, in GiB. */
  readonly deviceMemory?: number;
  /** Chromium's User-Agent Client Hints. */
  readonly userAgentData?: { readonly platform?: string };
}

export interface BrowserDeviceOptions {
  readonly name: string;
  readonly tags?: readonly string[];
  readonly runtimeVersion: string;
  readonly sessionOptions?: Partial<SessionOptions>;
  /** The page's `crossOriginIsolated` and measured performance.now() step (timer-resolution.ts). */
  readonly clock?: { readonly crossOriginIsolated: boolean; readonly timerResolutionMs: number };
}

export function describeBrowserDevice(nav: NavigatorInfo, options: BrowserDeviceOptions): DeviceDescription {
  const cores = nav.hardwareConcurrency;
  const memory = nav.deviceMemory;
  return {
    name: options.name,
    tags: [...(options.tags ?? [])],
    cpuModel: `browser: ${nav.userAgent}`,
    cores: typeof cores === 'number' && Number.isInteger(cores) && cores >= 1 ? cores : 1,
    memoryBytes: typeof memory === 'number' && memory > 0 ? Math.round(memory * 2 ** 30) : 0,
    os: nav.userAgentData?.platform || nav.platform || 'unknown',
    arch: 'wasm32',
    runtime: { name: 'ort-web', version: options.runtimeVersion },
    sessionOptions: { ...DEFAULT_SESSION_OPTIONS, ...options.sessionOptions },
    ...(options.clock === undefined
      ? {}
      : {
          crossOriginIsolated: options.clock.crossOriginIsolated,
          timerResolutionMs: options.clock.timerResolutionMs,
        }),
  };
}
