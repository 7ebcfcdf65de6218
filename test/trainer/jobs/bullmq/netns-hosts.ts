// Separate "hosts" for the queue's tests. Where the machine allows (root and `ip netns`), each
// worker runs in a network namespace of its own, joined to the test's namespace by a veth pair on
// a private /30 (10.213.X.4i+1 here, .4i+2 there; no route anywhere else), and redis-server also
// listens on the test's end of each pair: the workers reach Redis over a link as from another
// machine. Otherwise (not root, no iproute2, MEMNAS_TEST_NETNS=0) they all use the loopback.
// Names carry this process's id, so parallel test files never collide, and namespaces left by a
// killed run (their process gone) are removed on the next.
import { spawnSync } from 'node:child_process';

export interface Host {
  /** Where Redis is reached from this host. */
  readonly redisAddress: string;
  /** Runs a command on this host: prepended to its argv (empty on the loopback). */
  readonly prefix: readonly string[];
}

export interface Hosts {
  readonly mode: 'network namespaces' | 'loopback';
  /** Why the loopback was used (empty with namespaces). */
  readonly why: string;
  readonly hosts: readonly Host[];
  /** Addresses redis-server must listen on besides 127.0.0.1. */
  readonly bind: readonly string[];
  /** Deletes the namespaces and links (idempotent; also run when the process exits). */
  teardown(): void;
}

const PREFIX = 'memnas-t';

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${(r.stderr || String(r.error)).trim()}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Namespaces of earlier test runs whose process is gone (a SIGKILLed vitest never tore down). */
function removeStale(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of list.split('\n')) {
    const m = new RegExp(`^(${PREFIX}(\\d+)-\\d+)\\b`).exec(line);
    if (m !== null && !alive(Number(m[2]))) spawnSync('ip', ['netns', 'del', m[1]!]);
  }
}

/** A third octet no address on this machine uses under 10.213.0.0/16. */
function freeOctet(): number {
  const used = spawnSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' }).stdout ?? '';
  for (let tries = 0; tries < 50; tries++) {
    const x = 1 + Math.floor(Math.random() * 254);
    if (!used.includes(`10.213.${x}.`)) return x;
  }
  throw new Error('no free 10.213.X.0/24 for the test namespaces');
}

function netnsUnavailable(): string | null {
  if (process.env.MEMNAS_TEST_NETNS === '0') return 'MEMNAS_TEST_NETNS=0';
  if (process.getuid?.() !== 0) return 'not root';
  const r = spawnSync('ip', ['netns', 'list']);
  return r.status === 0 ? null : '`ip netns` is not available';
}

function loopback(count: number, why: string): Hosts {
  const host = { redisAddress: '127.0.0.1', prefix: [] };
  return { mode: 'loopback', why, hosts: Array(count).fill(host), bind: [], teardown: () => {} };
}

/** `count` hosts in namespaces of their own where allowed, else on the loopback (saying why). */
export function makeHosts(count: number): Hosts {
  const why = netnsUnavailable();
  if (why !== null) return loopback(count, why);
  removeStale();
  const made: string[] = [];
  const teardown = (): void => {
    for (const ns of made.splice(0)) spawnSync('ip', ['netns', 'del', ns]);
  };
  try {
    const x = freeOctet();
    const hosts = Array.from({ length: count }, (_, i) => link(i, x, made));
    process.once('exit', teardown);
    return {
      mode: 'network namespaces',
      why: '',
      hosts,
      bind: hosts.map((h) => h.redisAddress),
      teardown,
    };
  } catch (e) {
    teardown();
    return loopback(count, (e as Error).message);
  }
}

/** Namespace i and its veth pair: 10.213.x.(4i+1) on the test's side, .(4i+2) inside. */
function link(i: number, x: number, made: string[]): Host {
  const ns = `${PREFIX}${process.pid}-${i}`;
  const outside = `mq${process.pid}o${i}`;
  const inside = `mq${process.pid}i${i}`;
  const here = `10.213.${x}.${4 * i + 1}`;
  const there = `10.213.${x}.${4 * i + 2}`;
  ip('netns', 'add', ns);
  made.push(ns);
  ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside, 'netns', ns);
  ip('addr', 'add', `${here}/30`, 'dev', outside);
  ip('link', 'set', outside, 'up');
  ip('-n', ns, 'addr', 'add', `${there}/30`, 'dev', inside);
  ip('-n', ns, 'link', 'set', inside, 'up');
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  return { redisAddress: here, prefix: ['ip', 'netns', 'exec', ns] };
}
