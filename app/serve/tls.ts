// Which certificate `memnas serve` serves https with: none (plain http), the self-signed one kept
// in the coordinator's data folder for this machine's names (--tls), or the user's own pair
// (--cert PATH --key PATH). Phones need https: over plain http at a LAN address the agent page is
// not a secure context, so it cannot be cross-origin isolated and its clock is coarse.
import { readCertFiles } from '../../devices/tls/cert-files.ts';
import { localHostNames } from '../../devices/tls/host-names.ts';
import { selfSignedCertificate, type TlsMaterial } from '../../devices/tls/self-signed.ts';

export type TlsChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'self-signed' }
  | { readonly kind: 'files'; readonly certPath: string; readonly keyPath: string };

export async function serveTls(choice: TlsChoice, dbPath: string): Promise<TlsMaterial | undefined> {
  switch (choice.kind) {
    case 'none':
      return undefined;
    case 'self-signed':
      return selfSignedCertificate(dbPath, localHostNames());
    case 'files':
      return readCertFiles(choice.certPath, choice.keyPath);
  }
}
