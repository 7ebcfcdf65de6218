// The device registry's SQL: one row per device name, its description as JSON and its tags as a
// JSON array so jobs can be matched by tag in SQL (json_each).
import type Database from 'better-sqlite3';
import type { DeviceDescription } from '../../profiler-agent/protocol.ts';
import type { DeviceRecord } from '../store/job-store.ts';

interface DeviceRow {
  name: string;
  description: string;
  agent_version: string;
  registered_at: number;
  last_seen_at: number;
}

function toRecord(row: DeviceRow): DeviceRecord {
  return {
    name: row.name,
    description: JSON.parse(row.description) as DeviceDescription,
    agentVersion: row.agent_version,
    registeredAt: row.registered_at,
    lastSeenAt: row.last_seen_at,
  };
}

export class DevicesRepo {
  private readonly upsert;
  private readonly touch;
  private readonly one;
  private readonly all;
  private readonly tag;
  private readonly setToken;
  private readonly byToken;

  constructor(db: Database.Database) {
    this.upsert = db.prepare<[string, string, string, string, number, number]>(
      `INSERT INTO devices (name, description, tags, agent_version, registered_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET description = excluded.description, tags = excluded.tags,
         agent_version = excluded.agent_version, registered_at = excluded.registered_at, last_seen_at = excluded.last_seen_at`,
    );
    this.touch = db.prepare<[number, string]>('UPDATE devices SET last_seen_at = ? WHERE name = ?');
    this.one = db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE name = ?');
    this.all = db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY name');
    this.setToken = db.prepare<[string, string]>('UPDATE devices SET token_sha256 = ? WHERE name = ?');
    this.byToken = db.prepare<[string], { name: string }>('SELECT name FROM devices WHERE token_sha256 = ?');
    this.tag = db.prepare<[string], { found: number }>(
      'SELECT EXISTS (SELECT 1 FROM devices, json_each(devices.tags) WHERE json_each.value = ?) AS found',
    );
  }

  upsertDevice(d: DeviceDescription, agentVersion: string, now: number): DeviceRecord {
    this.upsert.run(d.name, JSON.stringify(d), JSON.stringify(d.tags), agentVersion, now, now);
    return this.get(d.name)!;
  }

  touchDevice(name: string, now: number): boolean {
    return this.touch.run(now, name).changes > 0;
  }

  get(name: string): DeviceRecord | undefined {
    const row = this.one.get(name);
    return row === undefined ? undefined : toRecord(row);
  }

  list(): DeviceRecord[] {
    return this.all.all().map(toRecord);
  }

  setTokenHash(name: string, sha256: string): boolean {
    return this.setToken.run(sha256, name).changes > 0;
  }

  nameByTokenHash(sha256: string): string | undefined {
    return this.byToken.get(sha256)?.name;
  }

  tagExists(tag: string): boolean {
    return this.tag.get(tag)!.found === 1;
  }
}
