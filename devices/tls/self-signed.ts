// The coordinator's own https certificate for `memnas serve --tls`: self-signed (selfsigned,
// ECDSA P-256, one year), made once into the coordinator's data folder beside its database and
// reused by later starts, so a phone that accepted it once is not asked again; made anew when
// it is about to expire or no longer names one of this machine's addresses (a new Wi-Fi). The
// key is readable by its owner only. An in-memory database gets a certificate for this run only.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generate } from 'selfsigned';
import { MemnasError } from '../../search/errors.ts';
import { certificateInfo, certPairProblem, renewalReason } from './certificate-check.ts';
import type { HostNames } from './host-names.ts';

export const CERT_FILE = 'memnas-coordinator.cert.pem';
export const KEY_FILE = 'memnas-coordinator.key.pem';
const VALID_DAYS = 365;

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** Where it came from, for the start-up line. */
  readonly source: 'files' | 'generated' | 'renewed' | 'reused' | 'ephemeral';
  readonly certPath?: string;
  /** Why a kept certificate was made again ('renewed'). */
  readonly reason?: string;
  readonly fingerprint256: string;
  readonly notAfter: Date;
}

async function makeCertificate(names: HostNames, now: number): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date(now - 60_000); // a phone whose clock runs a little behind
  const made = await generate([{ name: 'commonName', value: `memnas coordinator (${names.dns.at(-1)})` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(now + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.dns.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: made.cert, key: made.private };
}

/** The kept pair, or undefined when there is none (or it is unusable: it is then made again). */
function readKept(certPath: string, keyPath: string): { cert: string; key: string } | undefined {
  try {
    const kept = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    return certPairProblem(kept.cert, kept.key) === null ? kept : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MemnasError(
      'FILE_UNREADABLE',
      `cannot read the coordinator's certificate: ${(e as Error).message}`,
    );
  }
}

function keep(path: string, text: string, mode: number): void {
  try {
    // Written beside and renamed: a crash never leaves half a key that the next start trusts.
    writeFileSync(`${path}.tmp`, text, { mode });
    chmodSync(`${path}.tmp`, mode);
    renameSync(`${path}.tmp`, path);
  } catch (e) {
    throw new MemnasError(
      'FILE_UNWRITABLE',
      `cannot keep the coordinator's certificate in ${path}: ${(e as Error).message}`,
    );
  }
}

function material(
  pair: { cert: string; key: string },
  rest: Omit<TlsMaterial, 'cert' | 'key' | 'fingerprint256' | 'notAfter'>,
): TlsMaterial {
  const info = certificateInfo(pair.cert)!;
  return { ...pair, ...rest, fingerprint256: info.fingerprint256, notAfter: info.notAfter };
}

/** The certificate kept beside `dbPath` for `names`: reused, or made (again) and kept. */
export async function selfSignedCertificate(
  dbPath: string,
  names: HostNames,
  now = Date.now(),
): Promise<TlsMaterial> {
  if (dbPath === ':memory:') return material(await makeCertificate(names, now), { source: 'ephemeral' });
  const dir = dirname(resolve(dbPath));
  const certPath = join(dir, CERT_FILE);
  const keyPath = join(dir, KEY_FILE);
  const kept = readKept(certPath, keyPath);
  const reason = kept === undefined ? null : renewalReason(certificateInfo(kept.cert)!, names, now);
  if (kept !== undefined && reason === null) return material(kept, { source: 'reused', certPath });
  const made = await makeCertificate(names, now);
  keep(keyPath, made.key, 0o600);
  keep(certPath, made.cert, 0o644);
  return material(made, {
    source: kept === undefined ? 'generated' : 'renewed',
    certPath,
    ...(reason === null ? {} : { reason }),
  });
}
