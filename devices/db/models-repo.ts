// Models by content hash: one row per distinct model, however many jobs name it.
import type Database from 'better-sqlite3';

export class ModelsRepo {
  private readonly insert;
  private readonly bytes;
  private readonly size;
  private readonly prune;

  constructor(db: Database.Database) {
    this.insert = db.prepare<[string, number, Buffer, number]>(
      'INSERT INTO models (sha256, size, bytes, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    );
    this.bytes = db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM models WHERE sha256 = ?');
    this.size = db.prepare<[string], { size: number }>('SELECT size FROM models WHERE sha256 = ?');
    // Input blobs are named only inside an evaluate job's spec JSON.
    this.prune = db.prepare<[number]>(
      `DELETE FROM models WHERE created_at < ?
         AND sha256 NOT IN (SELECT model_sha256 FROM jobs)
         AND sha256 NOT IN (SELECT json_extract(spec, '$.evaluate.sha256') FROM jobs
                            WHERE json_extract(spec, '$.evaluate.sha256') IS NOT NULL)`,
    );
  }

  put(sha256: string, bytes: Uint8Array, now: number): { created: boolean } {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { created: this.insert.run(sha256, bytes.byteLength, buffer, now).changes > 0 };
  }

  get(sha256: string): Uint8Array | undefined {
    return this.bytes.get(sha256)?.bytes;
  }

  /** Models and blobs stored before `before` that no job names; how many. */
  deleteUnreferencedBefore(before: number): number {
    return this.prune.run(before).changes;
  }

  sizeOf(sha256: string): number | undefined {
    return this.size.get(sha256)?.size;
  }
}
