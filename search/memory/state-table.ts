// The exact search's memo: executed sets (bitsets stored flat in one growable buffer, so millions
// of states cost no per-object overhead), looked up by Zobrist hash with full verification, each
// with the best peak-so-far seen for it.
export class StateTable {
  private pool: Uint32Array;
  private best: Float64Array;
  private z2s: Int32Array;
  private next: Int32Array;
  private readonly heads = new Map<number, number>();
  private count = 0;

  constructor(private readonly words: number) {
    this.pool = new Uint32Array(words * 1024);
    this.best = new Float64Array(1024);
    this.z2s = new Int32Array(1024);
    this.next = new Int32Array(1024);
  }

  get size(): number {
    return this.count;
  }

  private grow(): void {
    const cap = this.best.length * 2;
    const pool = new Uint32Array(this.words * cap);
    pool.set(this.pool);
    this.pool = pool;
    const best = new Float64Array(cap);
    best.set(this.best);
    this.best = best;
    const z2s = new Int32Array(cap);
    z2s.set(this.z2s);
    this.z2s = z2s;
    const next = new Int32Array(cap);
    next.set(this.next);
    this.next = next;
  }

  private find(bits: Uint32Array, z1: number, z2: number): number {
    for (let slot = this.heads.get(z1 & 0x3fffffff) ?? -1; slot >= 0; slot = this.next[slot] ?? -1) {
      if (this.z2s[slot] !== z2) continue;
      const base = slot * this.words;
      let same = true;
      for (let i = 0; i < this.words && same; i++) same = this.pool[base + i] === bits[i];
      if (same) return slot;
    }
    return -1;
  }

  /** Slot holding `bits` with peak-so-far g if that improves on what is known, else -1. */
  offer(bits: Uint32Array, z1: number, z2: number, g: number): number {
    const found = this.find(bits, z1, z2);
    if (found >= 0) {
      if ((this.best[found] ?? 0) <= g) return -1;
      this.best[found] = g;
      return found;
    }
    if (this.count === this.best.length) this.grow();
    const slot = this.count++;
    this.pool.set(bits, slot * this.words);
    this.best[slot] = g;
    this.z2s[slot] = z2;
    const key = z1 & 0x3fffffff;
    this.next[slot] = this.heads.get(key) ?? -1;
    this.heads.set(key, slot);
    return slot;
  }

  /** Best peak-so-far recorded for a slot. */
  bestOf(slot: number): number {
    return this.best[slot] ?? 0;
  }

  /** Copies a slot's executed set into `into`. */
  read(slot: number, into: Uint32Array): void {
    into.set(this.pool.subarray(slot * this.words, (slot + 1) * this.words));
  }
}
