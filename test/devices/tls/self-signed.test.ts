// The coordinator's self-signed certificate: made once beside the database (key 0600), reused by
// the next start, made again when it is about to expire or no longer names one of the machine's
// addresses; and the user's own pair read and checked, bad paths and mismatched pairs refused
// in one line.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCertFiles } from '../../../devices/tls/cert-files.ts';
import { certificateInfo, certPairProblem, RENEW_BEFORE_MS } from '../../../devices/tls/certificate-check.ts';
import { localHostNames } from '../../../devices/tls/host-names.ts';
import { CERT_FILE, KEY_FILE, selfSignedCertificate } from '../../../devices/tls/self-signed.ts';
import { isMemnasError } from '../../../search/errors.ts';

const NAMES = { dns: ['localhost', 'coordinator-host'], ips: ['127.0.0.1', '192.0.2.7'] };

describe('selfSignedCertificate', () => {
  it('is made once into the data folder, covering the names, and reused by the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memnas-tls-'));
    const db = join(dir, 'fleet.db');
    const made = await selfSignedCertificate(db, NAMES);
    expect(made.source).toBe('generated');
    expect(made.certPath).toBe(join(dir, CERT_FILE));
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const info = certificateInfo(readFileSync(join(dir, CERT_FILE), 'utf8'))!;
    expect(info.dns).toEqual(NAMES.dns);
    expect(info.ips).toEqual(NAMES.ips);
    expect(info.notAfter.getTime() - Date.now()).toBeGreaterThan(360 * 86_400_000);
    expect(certPairProblem(made.cert, made.key)).toBeNull();

    const again = await selfSignedCertificate(db, NAMES);
    expect(again.source).toBe('reused');
    expect(again.fingerprint256).toBe(made.fingerprint256);
  });

  it('is made again when a new address appears or it is about to expire', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memnas-tls-'));
    const db = join(dir, 'fleet.db');
    const first = await selfSignedCertificate(db, NAMES);
    const moved = await selfSignedCertificate(db, { ...NAMES, ips: [...NAMES.ips, '198.51.100.4'] });
    expect(moved.source).toBe('renewed');
    expect(moved.reason).toMatch(/does not cover 198\.51\.100\.4/);
    expect(moved.fingerprint256).not.toBe(first.fingerprint256);
    const nearEnd = moved.notAfter.getTime() - RENEW_BEFORE_MS + 1;
    const late = await selfSignedCertificate(db, { ...NAMES, ips: [...NAMES.ips, '198.51.100.4'] }, nearEnd);
    expect(late.source).toBe('renewed');
    expect(late.reason).toMatch(/expires/);
  });

  it('covers localhost, 127.0.0.1 and the hostname by default; an in-memory database keeps nothing', async () => {
    const names = localHostNames();
    expect(names.dns).toContain('localhost');
    expect(names.ips).toContain('127.0.0.1');
    const made = await selfSignedCertificate(':memory:', names);
    expect(made.source).toBe('ephemeral');
    expect(made.certPath).toBeUndefined();
  });
});

describe('readCertFiles (--cert/--key)', () => {
  const oneLine = (f: () => unknown, code: string, pattern: RegExp): void => {
    try {
      f();
    } catch (e) {
      expect(isMemnasError(e) && e.code).toBe(code);
      expect((e as Error).message).toMatch(pattern);
      expect((e as Error).message).not.toContain('\n');
      return;
    }
    throw new Error('expected a refusal');
  };

  it('reads a matching pair and refuses a missing file, a non-PEM file and a mismatched pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memnas-tls-'));
    const a = await selfSignedCertificate(':memory:', NAMES);
    const b = await selfSignedCertificate(':memory:', NAMES);
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cert = file('a.pem', a.cert);
    const key = file('a.key', a.key);
    expect(readCertFiles(cert, key).fingerprint256).toBe(a.fingerprint256);
    oneLine(
      () => readCertFiles(join(dir, 'nope.pem'), key),
      'FILE_NOT_FOUND',
      /--cert .*nope\.pem: no such file/,
    );
    oneLine(() => readCertFiles(cert, join(dir, 'nope.key')), 'FILE_NOT_FOUND', /--key .*: no such file/);
    oneLine(() => readCertFiles(file('junk.pem', 'hello'), key), 'USAGE', /not a PEM certificate/);
    oneLine(() => readCertFiles(cert, file('b.key', b.key)), 'USAGE', /does not belong to the certificate/);
  });
});
