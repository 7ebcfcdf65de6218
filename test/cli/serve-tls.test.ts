// `memnas serve --tls`, `--cert/--key` from the command line: a wrong path or a mismatched pair is
// one line and a non-zero exit; --json prints the start-up facts (https URL, join code) as one line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../devices/tls/self-signed.ts';

const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));
const env = { ...process.env, MEMNAS_TOKEN: 'serve-tls-token-123' };

function failure(args: readonly string[]): { status: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--db', ':memory:', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  return { status: r.status, lines: r.stderr.trim().split('\n') };
}

describe('memnas serve --cert/--key', () => {
  it('refuses a missing file, half a pair and a mismatched pair in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memnas-serve-tls-'));
    const a = await selfSignedCertificate(':memory:', { dns: ['localhost'], ips: ['127.0.0.1'] });
    const b = await selfSignedCertificate(':memory:', { dns: ['localhost'], ips: ['127.0.0.1'] });
    writeFileSync(join(dir, 'a.pem'), a.cert);
    writeFileSync(join(dir, 'b.key'), b.key);
    const cases: [string[], RegExp][] = [
      [['--cert', join(dir, 'none.pem'), '--key', join(dir, 'b.key')], /--cert .*none\.pem: no such file/],
      [['--cert', join(dir, 'a.pem')], /--cert needs --key too/],
      [['--cert', join(dir, 'a.pem'), '--key', join(dir, 'b.key')], /does not belong to the certificate/],
    ];
    for (const [args, pattern] of cases) {
      const r = failure(args);
      expect(r.status, r.lines.join('\n')).not.toBe(0);
      expect(r.lines, r.lines.join('\n')).toHaveLength(1);
      expect(r.lines[0]).toMatch(pattern);
    }
  }, 90_000);

  it('--tls --json: one JSON line with the https URL and the agent page with a join code', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--tls', '--json', '--port', '0', '--host', '127.0.0.1', '--db', ':memory:'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code} before printing`)));
      });
      const facts = JSON.parse(line) as {
        url: string;
        tls: { source: string; fingerprint256: string };
        agentPage: { urls: string[]; joinCode: string; expiresAt: string };
      };
      expect(facts.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(facts.tls.source).toBe('ephemeral');
      expect(facts.agentPage.urls).toEqual([`${facts.url}/agent#join=${facts.agentPage.joinCode}`]);
      expect(Date.parse(facts.agentPage.expiresAt)).toBeGreaterThan(Date.now());
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
