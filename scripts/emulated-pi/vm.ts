// Starting and stopping the emulated Pi from TypeScript (scripts/emulated-pi/join.ts, the opt-in
// test): writes the join commands to a file, runs boot.sh, and hands every console line to the
// caller. The commands are the ones `memnas serve` prints for a device.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const BUILD_SCRIPT = join(HERE, 'build.sh');
export const BOOT_SCRIPT = join(HERE, 'boot.sh');

/** The device the emulated Pi joins as, and the flags that say what it is. */
export const PI_EMU = Object.freeze({ name: 'pi-emu', tags: 'arm64,pi' });

export interface EmulatedPi {
  /** Resolves with QEMU's exit code once the guest has powered off or been stopped. */
  readonly exited: Promise<number | null>;
  /** Stops the guest (SIGTERM to QEMU) and waits for it. */
  stop(): Promise<void>;
}

/**
 * The two printed commands made into the guest's join script: the install as printed, the agent
 * with the device's name, tags and `--emulated` (its latency is not a device's latency).
 */
export function joinScript(install: string, agent: string): string {
  const named = agent.replace(
    /--name <device-name>|--name \S+/,
    `--name ${PI_EMU.name} --tags ${PI_EMU.tags} --emulated`,
  );
  return `set -e\n${install}\nexec ${named}\n`;
}

export function bootEmulatedPi(script: string, onLine: (line: string) => void): EmulatedPi {
  const dir = mkdtempSync(join(tmpdir(), 'memnas-pi-'));
  const file = join(dir, 'join.sh');
  writeFileSync(file, script, { mode: 0o600 });
  const qemu: ChildProcess = spawn('bash', [BOOT_SCRIPT, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [qemu.stdout, qemu.stderr])
    if (stream !== null) createInterface({ input: stream }).on('line', onLine);
  const exited = new Promise<number | null>((resolve) => {
    qemu.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve(code);
    });
  });
  return {
    exited,
    async stop() {
      if (qemu.exitCode === null && qemu.signalCode === null) qemu.kill('SIGTERM');
      await exited;
    },
  };
}
