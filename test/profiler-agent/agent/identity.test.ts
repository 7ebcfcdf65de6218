// How an agent learns its token and name: --token-file or MEMNAS_TOKEN (kept out of ps), no
// whitespace; a default name of the hostname plus a short machine id; names and tags free of
// control characters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  agentToken,
  deviceName,
  emulatedFlag,
  machineId,
  tagList,
} from '../../../profiler-agent/agent/identity.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('agentToken', () => {
  it('reads --token-file (one trailing newline dropped), else --token, else MEMNAS_TOKEN', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'from-file-1234\n');
    expect(agentToken({ 'token-file': file, token: 'flag' }, { MEMNAS_TOKEN: 'env' })).toBe('from-file-1234');
    expect(agentToken({}, { MEMNAS_TOKEN: 'from-env-1234' })).toBe('from-env-1234');
    expect(agentToken({ token: 'flag-1234' }, {})).toBe('flag-1234');
  });

  it('refuses no token, an unreadable file and whitespace, in one line each', () => {
    expect(() => agentToken({}, {})).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('MEMNAS_TOKEN') }),
    );
    expect(() => agentToken({ 'token-file': join(dir, 'missing') }, {})).toThrow(/ENOENT/);
    expect(() => agentToken({}, { MEMNAS_TOKEN: 'two words' })).toThrow(/whitespace/);
    const file = join(dir, 'crlf');
    writeFileSync(file, 'token\r\n\n');
    expect(() => agentToken({ 'token-file': file }, {})).toThrow(/whitespace/);
  });
});

describe('deviceName and tags', () => {
  it('defaults to the hostname plus a stable 6-digit machine id', () => {
    expect(machineId()).toMatch(/^[0-9a-f]{6}$/);
    expect(machineId()).toBe(machineId());
    expect(deviceName({})).toBe(`${hostname()}-${machineId()}`);
    expect(deviceName({ name: ' pi5 ' })).toBe('pi5');
  });

  it('refuses control characters and over-long names and tags', () => {
    expect(() => deviceName({ name: 'a\nb' })).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('control') }),
    );
    expect(() => deviceName({ name: 'x'.repeat(65) })).toThrow(/at most 64/);
    expect(tagList('arm, pi')).toEqual(['arm', 'pi']);
    expect(() => tagList('arm,\u001b[2J')).toThrow(/control/);
  });
});

describe('emulatedFlag', () => {
  it('is set by --emulated or MEMNAS_AGENT_EMULATED=1/true, and refuses any other value', () => {
    expect(emulatedFlag(true, {})).toBe(true);
    expect(emulatedFlag(undefined, {})).toBe(false);
    expect(emulatedFlag(undefined, { MEMNAS_AGENT_EMULATED: '1' })).toBe(true);
    expect(emulatedFlag(false, { MEMNAS_AGENT_EMULATED: 'TRUE' })).toBe(true);
    expect(emulatedFlag(undefined, { MEMNAS_AGENT_EMULATED: '0' })).toBe(false);
    expect(emulatedFlag(undefined, { MEMNAS_AGENT_EMULATED: '' })).toBe(false);
    expect(() => emulatedFlag(undefined, { MEMNAS_AGENT_EMULATED: 'yes please' })).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: "MEMNAS_AGENT_EMULATED takes 1 or 0, got 'yes please'",
      }),
    );
  });
});
