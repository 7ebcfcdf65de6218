// The CLI's last line of defence (cli/main.ts): every coded error — not only MemnasError — is one
// line `memnas: <message> [CODE]` and exit 1, never "internal error". A fake coordinator on
// 127.0.0.1 answers `memnas profile --coordinator` with a result that breaks the protocol, so the
// client's parseProfileResult throws a ProtocolError the CLI itself has to print.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'memnas-cli-main-'));
const model = join(root, 'model.onnx');
writeFileSync(model, new Uint8Array([8, 7]));

const SHA = 'a'.repeat(64);
const job = { id: 'j1', state: 'queued', attempt: 0, deviceName: null, error: null, result: null };

/** Answers the three calls the client makes: upload, queue, status (done, with protocol 99). */
function fakeCoordinator(): Server {
  return createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body =
        req.method === 'POST' && req.url === '/api/v1/models'
          ? { sha256: SHA, bytes: 2 }
          : req.method === 'POST' && req.url === '/api/v1/jobs'
            ? job
            : { ...job, state: 'done', attempt: 1, deviceName: 'pi', result: { protocol: 99 } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
}

function memnas(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

let server: Server;
let url: string;

beforeAll(async () => {
  server = fakeCoordinator();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(root, { recursive: true, force: true });
});

describe('memnas error printing', () => {
  it('prints a ProtocolError with its code on one line and exits 1', async () => {
    const r = await memnas(['profile', model, '--device', 'pi', '--coordinator', url, '--token', 't']);
    expect(r.stderr).toBe('memnas: invalid protocol message: result.protocol must be 1 [PROTOCOL_INVALID]\n');
    expect(r.status).toBe(1);
  }, 60_000);

  it('keeps exit code 2 for usage errors', async () => {
    const r = await memnas(['profile', model, '--device', 'pi']);
    expect(r.stderr).toMatch(/^memnas: .*needs a coordinator.* \[USAGE\]\n$/);
    expect(r.status).toBe(2);
  }, 60_000);
});
