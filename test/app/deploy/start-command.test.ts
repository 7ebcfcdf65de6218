import { describe, expect, it } from 'vitest';
import { measuredProcess, startCommand } from '../../../app/deploy/start-command.ts';
import type { ProfileResult } from '../../../profiler-agent/protocol.ts';
import { device, fakeResult } from '../../devices/helpers/fixtures.ts';

const result = (extra: Partial<ProfileResult>, measuringEnv?: Record<string, string>): ProfileResult => {
  const d = { ...device('pi'), ...(measuringEnv === undefined ? {} : { measuringEnv }) };
  return { ...fakeResult(new Uint8Array(4), d), ...extra };
};

describe('the start command', () => {
  it("is written from the result's measuring environment when the agent reported one", () => {
    const r = result({
      measuringEnvironment: { name: 'protocol', env: { B: '2', A: '1' }, nodeFlags: ['--no-opt'] },
    });
    expect(measuredProcess(r)).toEqual({
      env: { B: '2', A: '1' },
      nodeFlags: ['--no-opt'],
      flagsKnown: true,
    });
    expect(startCommand(measuredProcess(r))).toBe('A=1 B=2 node --no-opt run-node.mjs');
  });

  it("falls back to the device's variables alone for agents before the result carried them", () => {
    const p = measuredProcess(result({}, { UV_THREADPOOL_SIZE: '1' }));
    expect(p).toEqual({ env: { UV_THREADPOOL_SIZE: '1' }, nodeFlags: [], flagsKnown: false });
    expect(startCommand(p)).toBe('UV_THREADPOOL_SIZE=1 node run-node.mjs');
  });

  it('is a plain node command for a device that measured in no process of its own', () => {
    expect(measuredProcess(result({}))).toBeUndefined();
    expect(measuredProcess(result({}, {}))).toBeUndefined();
    expect(startCommand(undefined)).toBe('node run-node.mjs');
  });

  it("quotes the agent's words for the shell and leaves out names no shell can set", () => {
    const cmd = startCommand({
      env: { A: "x y'z", 'NOT A NAME': '1', 'B;rm': '1' },
      nodeFlags: ['--max-old-space-size=64', '--title=$(reboot)'],
      flagsKnown: true,
    });
    expect(cmd).toBe(`A='x y'\\''z' node --max-old-space-size=64 '--title=$(reboot)' run-node.mjs`);
  });
});
