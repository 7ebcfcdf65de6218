// Reads a deploy bundle's runner's peak memory from outside the process, the way the measuring
// agent defines it: the rise of the process's kernel high-water mark (VmHWM of /proc/PID/status)
// over the resident size at the runner's first pause point (the runtime paged in, the model not
// yet loaded), read at its second (the model loaded and run). The runner is started with
// MEMNAS_MEASURE_PAUSE=1 and only says where it stands and its pid; every figure is read here.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { statusField } from '../../../profiler-agent/measure/memory-probe.ts';
import { PAUSE_ENV } from '../../../app/deploy/runner-templates.ts';

export interface OutsidePeak {
  /** VmHWM at the second pause minus the baseline, bytes. */
  readonly riseBytes: number;
  readonly baselineBytes: number;
  /** 'vmhwm-reset' when /proc/PID/clear_refs reset the mark at the baseline, else 'vmhwm'. */
  readonly method: 'vmhwm-reset' | 'vmhwm';
  readonly stdout: string;
}

function status(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  return statusField(readFileSync(`/proc/${pid}/status`, 'utf8'), field);
}

/** Resets the process's VmHWM to its VmRSS (proc(5): "5" > clear_refs); false where refused. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `command args` in `cwd` (through a shell when `shell`, as npm runs scripts) with the pause
 * switch on, answering its two pauses; rejects if it fails or never pauses within `timeoutMs`.
 */
export function measureFromOutside(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<OutsidePeak> {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), [PAUSE_ENV]: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let baseline: { bytes: number; method: OutsidePeak['method'] } | undefined;
    let riseBytes: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /paused (before loading the model|after classifying) \(pid (\d+)\)/.exec(stderr);
      if (m === null) return;
      stderr = stderr.slice(m.index + m[0].length);
      const pid = Number(m[2]);
      if (m[1] === 'before loading the model') {
        const method = resetPeak(pid) ? 'vmhwm-reset' : 'vmhwm';
        baseline = { bytes: status(pid, 'VmHWM'), method };
      } else if (baseline !== undefined) {
        riseBytes = Math.max(0, status(pid, 'VmHWM') - baseline.bytes);
      }
      child.stdin.write('\n');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && baseline !== undefined && riseBytes !== undefined)
        resolve({ riseBytes, baselineBytes: baseline.bytes, method: baseline.method, stdout });
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} ended (${signal ?? `exit ${code}`}) without both pauses: ${stderr}`,
          ),
        );
    });
  });
}
