// How an agent (HTTP or serial) is told who it is: its token (MEMNAS_TOKEN or --token-file,
// which stay out of `ps`; --token still works), its device name (by default the hostname plus
// a short id of this machine, so cloned SD cards with one hostname do not collide) and its tags.
// Shared by both agent commands.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { AgentError } from '../errors.ts';
import { nameProblem } from '../names.ts';

export interface IdentityFlags {
  readonly token?: string | undefined;
  readonly 'token-file'?: string | undefined;
  readonly name?: string | undefined;
  readonly tags?: string | undefined;
}

function fromFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new AgentError(
      'USAGE',
      `cannot read --token-file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
}

/** The fleet token: --token-file, else --token (visible to every user in ps), else MEMNAS_TOKEN. */
export function agentToken(flags: IdentityFlags, env: NodeJS.ProcessEnv = process.env): string {
  const token =
    flags['token-file'] !== undefined ? fromFile(flags['token-file']) : (flags.token ?? env.MEMNAS_TOKEN);
  if (token === undefined || token === '')
    throw new AgentError(
      'USAGE',
      'no token: set MEMNAS_TOKEN or pass --token-file PATH (memnas serve prints the token at start)',
    );
  if (/\s/.test(token))
    throw new AgentError(
      'USAGE',
      'the token contains whitespace; copy it exactly as memnas serve printed it',
    );
  return token;
}

/** A short id of this machine: /etc/machine-id (or dbus's) and the network cards' addresses, hashed. */
export function machineId(): string {
  const parts: string[] = [];
  for (const path of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      parts.push(readFileSync(path, 'utf8').trim());
      break;
    } catch {
      // not Linux, or no systemd: the addresses below still tell machines apart
    }
  }
  // A cloned SD card keeps the machine id; its network card has its own address.
  const macs = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.mac !== '00:00:00:00:00:00')
    .map((a) => a!.mac);
  parts.push(...[...new Set(macs)].sort());
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 6);
}

export function deviceName(flags: IdentityFlags): string {
  const name = (flags.name ?? `${hostname()}-${machineId()}`).trim();
  const problem = nameProblem(name);
  if (problem !== null) throw new AgentError('USAGE', `--name ${problem}`);
  return name;
}

/**
 * Whether this machine is emulated: --emulated, or MEMNAS_AGENT_EMULATED set to 1/true (0/false
 * or empty: not). Any other value is a USAGE error rather than a silent guess either way.
 */
export function emulatedFlag(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag === true) return true;
  const value = (env.MEMNAS_AGENT_EMULATED ?? '').trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '' || value === '0' || value === 'false') return false;
  throw new AgentError(
    'USAGE',
    `MEMNAS_AGENT_EMULATED takes 1 or 0, got '${env.MEMNAS_AGENT_EMULATED ?? ''}'`,
  );
}

export function tagList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const tags = value.split(',').map((t) => t.trim());
  if (tags.some((t) => t === ''))
    throw new AgentError('USAGE', `--tags takes names separated by commas, like pi5,arm64; got '${value}'`);
  for (const t of tags) {
    const problem = nameProblem(t);
    if (problem !== null) throw new AgentError('USAGE', `--tags: each tag ${problem}`);
  }
  return tags;
}
