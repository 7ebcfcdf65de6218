/// <reference lib="dom" />
// The browser agent (GET /agent): joins with the single-use code of a QR (#join=CODE, join.ts),
// or reuses the device credential an earlier join kept, or (for scripts and tests on localhost)
// reads the fleet token, device name and tags from the URL (?token=…&name=…&tags=a,b), or asks
// for them. It describes the browser as a device, its clock included, and runs the Node agent's
// own pull loop over its own HTTP transport (fetch), with measurements made in fresh frames by
// profileInBrowser and evaluate jobs classified in the page by browserEvaluate. A fleet token
// is moved out of the URL into sessionStorage at once, so it stays out of the history and
// survives a reload of this tab only.
import { runAgentLoop } from '../agent/agent-loop.ts';
import { HttpTransport } from '../agent/http-transport.ts';
import { AgentError } from '../errors.ts';
import type { JobMessage } from '../protocol.ts';
import { describeBrowserDevice } from './device.ts';
import { browserEvaluate } from './evaluate.ts';
import { forgetDevice, joinWithCode, storedDevice, takeJoinRequest } from './join.ts';
import { CONFIG_ELEMENT_ID, type PageConfig } from './page-config.ts';
import { profileInBrowser } from './profile.ts';
import { measureTimerResolution } from './timer-resolution.ts';

const TOKEN_KEY = 'memnas-agent-token';

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new AgentError('INTERNAL', `the agent page has no #${id}`);
  return el as T;
}

function setStatus(state: 'running' | 'stopped' | 'failed' | 'needs-input', text: string): void {
  document.body.dataset.state = state;
  element('status').textContent = text;
}

function log(line: string): void {
  const stamped = `${new Date().toISOString().slice(11, 23)} ${line}`;
  element('log').append(`${stamped}\n`);
  console.info(`[memnas agent] ${line}`);
}

interface Connection {
  /** The fleet token (?token=), or a joined device's own credential. */
  readonly token: string;
  readonly kind: 'fleet' | 'device';
  readonly name: string;
  readonly tags: string[];
}

/** The connection settings from the URL (token moved to sessionStorage), or null when incomplete. */
function readConnection(): Connection | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  const name = (url.searchParams.get('name') ?? '').trim();
  const tags = (url.searchParams.get('tags') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return token === '' || name === '' ? null : { token, kind: 'fleet', name, tags };
}

/**
 * The connection to use: a join code in the address (traded now), else a fleet token in the
 * address, else the credential an earlier join kept; null when the user must say. Throws with
 * the one-line reason when a join code is refused.
 */
async function connect(): Promise<Connection | null> {
  const join = takeJoinRequest(location, history);
  if (join !== null) {
    setStatus('running', `Joining as '${join.name}'…`);
    const joined = await joinWithCode(location.origin, join, localStorage);
    return { token: joined.deviceToken, kind: 'device', name: joined.name, tags: joined.tags };
  }
  const fromUrl = readConnection();
  if (fromUrl !== null) return fromUrl;
  const kept = storedDevice(localStorage);
  return kept === null ? null : { token: kept.deviceToken, kind: 'device', name: kept.name, tags: kept.tags };
}

/** The page's clock, measured once and shown: it bounds what a latency from this page means. */
function measureClock(): { crossOriginIsolated: boolean; timerResolutionMs: number } {
  const clock = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    timerResolutionMs: measureTimerResolution(() => performance.now()),
  };
  const el = element('clock');
  el.dataset.isolated = String(clock.crossOriginIsolated);
  el.textContent =
    `Cross-origin isolated: ${clock.crossOriginIsolated ? 'yes' : 'no'}; ` +
    `clock step ${(clock.timerResolutionMs * 1000).toFixed(1)} µs` +
    (clock.crossOriginIsolated ? '.' : ' — latencies are coarse; open this page over https.');
  return clock;
}

function askForConnection(message: string): void {
  setStatus('needs-input', message);
  const form = element<HTMLFormElement>('connect');
  const url = new URL(location.href);
  for (const field of ['name', 'tags'] as const) {
    const input = form.elements.namedItem(field) as HTMLInputElement | null;
    if (input !== null) input.value = url.searchParams.get(field) ?? '';
  }
  form.hidden = false;
}

/** Asks the browser not to dim a phone's screen mid-job (a hidden page is throttled hard). */
async function keepAwake(): Promise<void> {
  try {
    await navigator.wakeLock?.request('screen');
  } catch {
    // not granted or not supported: the page note asks the user to keep it in front
  }
}

/** The connection, or null after saying on the page why there is none. */
async function connectOrExplain(): Promise<Connection | null> {
  try {
    const connection = await connect();
    if (connection === null) askForConnection('Enter the coordinator token and a name for this device.');
    return connection;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log(message);
    setStatus('failed', `${message.split('\n')[0]}`);
    return null;
  }
}

/** A refused credential: a fleet token is asked for again, a joined device must scan anew. */
function refused(connection: Connection, message: string): void {
  if (connection.kind === 'fleet') {
    sessionStorage.removeItem(TOKEN_KEY);
    askForConnection(message);
    return;
  }
  forgetDevice(localStorage);
  setStatus('failed', `${message} Scan a new join code to join again.`);
}

async function main(): Promise<void> {
  const config = JSON.parse(element(CONFIG_ELEMENT_ID).textContent ?? '{}') as PageConfig;
  const clock = measureClock();
  const connection = await connectOrExplain();
  if (connection === null) return;
  const device = describeBrowserDevice(navigator, {
    name: connection.name,
    tags: connection.tags,
    runtimeVersion: config.ortVersion,
    clock,
  });
  const stop = new AbortController();
  window.addEventListener('pagehide', () => stop.abort(), { once: true });
  void keepAwake();
  setStatus('running', `Connected as '${device.name}'; waiting for jobs.`);
  const frame = {
    frameUrl: new URL(config.frameUrl, location.href).href,
    ortBaseUrl: new URL(config.ortBaseUrl, location.href).href,
    threads: device.sessionOptions.intraOpNumThreads,
  };
  const evaluate = browserEvaluate({
    ortBaseUrl: frame.ortBaseUrl,
    threads: frame.threads,
    onProgress: (done, total) => {
      if (done === total || done % 1000 < 100) log(`  evaluate: ${done} of ${total} samples classified`);
    },
  });
  try {
    await runAgentLoop({
      transport: new HttpTransport({ url: location.origin, token: connection.token }),
      device,
      signal: stop.signal,
      measure: (model: Uint8Array, job: JobMessage, dev) =>
        profileInBrowser(model, dev, {
          batches: job.batches,
          runs: job.runs,
          warmup: job.warmup,
          timeoutMs: job.timeoutMs,
          frame,
          onBatch: (m) =>
            log(
              `  batch ${m.batch}: p50 ${m.latencyMs.p50.toFixed(2)} ms, peak ${m.peakBytes} bytes (heap high-water rise)`,
            ),
        }),
      evaluate,
      log,
    });
    setStatus('stopped', 'Stopped.');
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log(message);
    if (e instanceof AgentError && e.code === 'USAGE') {
      refused(connection, message);
    } else {
      setStatus('failed', message);
    }
  }
}

void main();
