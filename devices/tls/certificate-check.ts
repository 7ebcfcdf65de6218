// What a PEM certificate and key are worth to the coordinator, from node:crypto alone: whether
// they parse and belong together (a mismatched pair fails every handshake with an unhelpful
// "no shared cipher"), until when the certificate is valid and which names it covers.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { HostNames } from './host-names.ts';

/** The certificate is renewed this long before it expires, so a phone never meets an expired one. */
export const RENEW_BEFORE_MS = 7 * 86_400_000;

export interface CertificateInfo {
  readonly notAfter: Date;
  readonly dns: readonly string[];
  readonly ips: readonly string[];
  /** SHA-256 fingerprint, colon-separated hex (what a browser's certificate viewer shows). */
  readonly fingerprint256: string;
}

/** The certificate's validity and names, or null when `certPem` is not a PEM certificate. */
export function certificateInfo(certPem: string): CertificateInfo | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return null;
  }
  const names = (cert.subjectAltName ?? '').split(',').map((n) => n.trim());
  const after = (prefix: string): string[] =>
    names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length).toLowerCase());
  return {
    notAfter: new Date(cert.validTo),
    dns: after('DNS:'),
    ips: after('IP Address:'),
    fingerprint256: cert.fingerprint256,
  };
}

/** Why `certPem` and `keyPem` cannot serve https, in a few words, or null when they can. */
export function certPairProblem(certPem: string, keyPem: string): string | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return 'the certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----)';
  }
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return 'the key is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)';
  }
  if (!cert.checkPrivateKey(key)) return 'the key does not belong to the certificate (mismatched pair)';
  return null;
}

/**
 * Why a kept self-signed certificate must be made again (expired or about to, or not covering
 * one of `names`), or null when it still serves.
 */
export function renewalReason(info: CertificateInfo, names: HostNames, now: number): string | null {
  if (info.notAfter.getTime() - now < RENEW_BEFORE_MS)
    return `it expires ${info.notAfter.toISOString().slice(0, 10)}`;
  const missing = [
    ...names.dns.filter((n) => !info.dns.includes(n)),
    ...names.ips.filter((n) => !info.ips.includes(n)),
  ];
  return missing.length === 0 ? null : `it does not cover ${missing.join(', ')}`;
}
