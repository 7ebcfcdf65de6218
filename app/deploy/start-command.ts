// The deploy bundle's start command: run-node.mjs under the environment variables and node flags
// the device's agent measured the model with (ProfileResult.measuringEnvironment), so that
// `npm start` runs the process the README's peak was measured in; and the README's account of
// each of them. Written from what the agent reported, never from this host's own settings.
import type { ProfileResult } from '../../profiler-agent/protocol.ts';

/** What the bundle knows of the measuring process: from the result, else the device's env only. */
export interface MeasuredProcess {
  readonly env: Readonly<Record<string, string>>;
  readonly nodeFlags: readonly string[];
  /** False for agents that reported their variables (DeviceDescription.measuringEnv) but not flags. */
  readonly flagsKnown: boolean;
}

/** Undefined for an agent that measured in no process of its own (the browser agent). */
export function measuredProcess(profile: ProfileResult): MeasuredProcess | undefined {
  const m = profile.measuringEnvironment;
  if (m !== undefined) return { env: m.env, nodeFlags: m.nodeFlags, flagsKnown: true };
  const env = profile.device.measuringEnv;
  if (env === undefined || Object.keys(env).length === 0) return undefined;
  return { env, nodeFlags: [], flagsKnown: false };
}

const SAFE = /^[A-Za-z0-9_.,:/=+@%-]+$/;

/** One shell word: as is when it is plainly safe, else single-quoted (the agent's words are data). */
function shellWord(word: string): string {
  return SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `A=1 B=2` (names sorted; a name that is not a shell identifier is left out: no shell could set it). */
function envPrefix(env: Readonly<Record<string, string>>): string {
  return Object.keys(env)
    .filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .sort()
    .map((k) => `${k}=${shellWord(env[k]!)} `)
    .join('');
}

/** The start script: `MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1 node --no-opt … run-node.mjs`. */
export function startCommand(p: MeasuredProcess | undefined): string {
  if (p === undefined) return 'node run-node.mjs';
  const flags = p.nodeFlags.map((f) => `${shellWord(f)} `).join('');
  return `${envPrefix(p.env)}node ${flags}run-node.mjs`;
}

/** Why each setting the Node agent uses is there (profiler-agent/measure/measuring-environment.ts). */
const WHY: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_:
    "glibc gives every allocation of a page or more a mapping of its own, made resident when written and returned whole when freed, so the resident size follows what the model allocates rather than the holes the process's earlier life left in its heap",
  UV_THREADPOOL_SIZE:
    "one libuv pool thread runs the inferences, so they share one malloc arena instead of each thread's own",
  '--no-opt':
    "V8's optimizing compiler stays off: its transient memory made the peak wander (the JavaScript around an inference is a thin wrapper, so latency does not suffer measurably)",
  '--single-threaded-gc': 'the garbage collector runs on the main thread, without background helper threads',
  '--expose-gc':
    'only makes gc() callable (the measurement collects garbage at fixed points); it changes neither the allocator nor the compiler',
};

function settingLine(setting: string): string {
  return `- \`${setting}\` — ${WHY[setting.split('=')[0]!] ?? 'set by the measuring agent'}.`;
}

/** The README's account of the start command, for the figures' section. */
export function startCommandNotes(p: MeasuredProcess | undefined): string {
  if (p === undefined)
    return `The device measured the model in its own runtime (a browser page), not in a Node process: \`npm start\` runs \`node run-node.mjs\` as it is.`;
  const settings = [
    ...Object.keys(p.env)
      .sort()
      .map((k) => `${k}=${p.env[k]}`),
    ...p.nodeFlags,
  ];
  const flagsNote = p.flagsKnown
    ? ''
    : "\n\nThe device's agent predates reporting its node flags: only its environment variables are known, so the start command may differ from the measuring process in V8's settings.";
  return `\`npm start\` runs \`${startCommand(p)}\`: the environment variables and node flags the device's agent measured the peak under, as it reported them. Started that way the process holds to that figure; started plainly (\`node run-node.mjs\`) it peaks at the plain figure instead.

${settings.map(settingLine).join('\n')}${flagsNote}`;
}
