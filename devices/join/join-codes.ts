// Join codes: what a phone's QR carries instead of the fleet token. Each is random (128 bits),
// short-lived and single-use: the first successful exchange spends it, so a code seen over a
// shoulder or left in a screenshot is worth nothing afterwards. Kept in memory only — a
// restarted coordinator forgets them and `memnas serve` mints a fresh one at every start —
// and as their sha256, so a memory dump does not hand out live codes. Spent and expired codes
// are remembered until their expiry plus an hour, so the page can say why one was refused.
import { createHash, randomBytes } from 'node:crypto';
import { MemnasError } from '../../search/errors.ts';

/** How long a code lasts unless the minter says otherwise: 10 minutes. */
export const DEFAULT_JOIN_CODE_TTL_MS = 600_000;
/** Longest life a minter may ask for: a day. */
export const MAX_JOIN_CODE_TTL_MS = 86_400_000;
/** Codes remembered at most (live, spent or expired); the oldest is forgotten beyond it. */
const MAX_CODES = 10_000;
/** How long a spent or expired code is still recognised as such. */
const REMEMBER_MS = 3_600_000;

export interface JoinCode {
  readonly code: string;
  readonly expiresAt: number;
}

interface Entry {
  readonly expiresAt: number;
  spent: boolean;
}

const digest = (code: string): string => createHash('sha256').update(code, 'utf8').digest('hex');

export class JoinCodes {
  private readonly codes = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number = DEFAULT_JOIN_CODE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new code, valid for `ttlMs` (default: the coordinator's). */
  mint(ttlMs: number = this.ttlMs): JoinCode {
    this.forgetOld();
    const code = randomBytes(16).toString('base64url');
    const expiresAt = this.now() + ttlMs;
    this.codes.set(digest(code), { expiresAt, spent: false });
    return { code, expiresAt };
  }

  /**
   * Why `code` cannot be spent now (unknown, expired, already used), or null when it can; does
   * not spend it, so a join refused for another reason (a taken name) leaves it usable.
   */
  problem(code: string): string | null {
    const entry = this.codes.get(digest(code));
    if (entry === undefined)
      return 'this join code is not one this coordinator issued (or it restarted since); ask for a new one';
    if (entry.spent) return 'this join code was already used; each code joins one device, ask for a new one';
    if (this.now() >= entry.expiresAt)
      return `this join code expired at ${new Date(entry.expiresAt).toISOString().slice(11, 19)} UTC; ask for a new one`;
    return null;
  }

  /** Spends `code`, or throws AUTH_FAILED with why it cannot be spent. */
  spend(code: string): void {
    const problem = this.problem(code);
    if (problem !== null) throw new MemnasError('AUTH_FAILED', problem);
    this.codes.get(digest(code))!.spent = true;
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [key, entry] of this.codes) if (now >= entry.expiresAt + REMEMBER_MS) this.codes.delete(key);
    while (this.codes.size >= MAX_CODES) {
      const oldest = this.codes.keys().next();
      if (oldest.done === true) break;
      this.codes.delete(oldest.value);
    }
  }
}
