// `memnas serve --cert PATH --key PATH`: a certificate the user brings (from their own CA, or
// mkcert, so phones trust it without a warning). Read and checked before the coordinator starts,
// so a wrong path or a mismatched pair is one line, not a failed handshake on every request.
import { readFileSync } from 'node:fs';
import { MemnasError } from '../../search/errors.ts';
import { certificateInfo, certPairProblem } from './certificate-check.ts';
import type { TlsMaterial } from './self-signed.ts';

function readPem(path: string, flag: '--cert' | '--key'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MemnasError('FILE_NOT_FOUND', `${flag} ${path}: no such file`);
    throw new MemnasError(
      'FILE_UNREADABLE',
      `${flag} ${path}: cannot read it (${code ?? (e as Error).message})`,
    );
  }
}

export function readCertFiles(certPath: string, keyPath: string, now = Date.now()): TlsMaterial {
  const cert = readPem(certPath, '--cert');
  const key = readPem(keyPath, '--key');
  const problem = certPairProblem(cert, key);
  if (problem !== null) throw new MemnasError('USAGE', `--cert ${certPath} --key ${keyPath}: ${problem}`);
  const info = certificateInfo(cert)!;
  if (info.notAfter.getTime() <= now)
    throw new MemnasError(
      'USAGE',
      `--cert ${certPath} expired on ${info.notAfter.toISOString().slice(0, 10)}`,
    );
  return {
    cert,
    key,
    source: 'files',
    certPath,
    fingerprint256: info.fingerprint256,
    notAfter: info.notAfter,
  };
}
