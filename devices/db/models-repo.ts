// Models by content hash: one row per distinct model, however many jobs name it.
import type Database from 'better-sqlite3';

export class ModelsRepo {
  private readonly insert;
  private readonly bytes;
  private readonly size;

  constructor(db: Database.Database) {
    this.insert = db.prepare<[string, number, Buffer, number]>(
      'INSERT INTO models (sha256, size, bytes, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    );
    this.bytes = db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM models WHERE sha256 = ?');
    this.size = db.prepare<[string], { size: number }>('SELECT size FROM models WHERE sha256 = ?');
  }

  put(sha256: string, bytes: Uint8Array, now: number): { created: boolean } {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { created: this.insert.run(sha256, bytes.byteLength, buffer, now).changes > 0 };
  }

  get(sha256: string): Uint8Array | undefined {
    return this.bytes.get(sha256)?.bytes;
  }

  sizeOf(sha256: string): number | undefined {
    return this.size.get(sha256)?.size;
  }
}
