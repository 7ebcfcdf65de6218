// Where a calibration measures: a device behind a real coordinator (in this process) must be
// registered and online before anything is generated or profiled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../../app/calibrate/target.ts';
import type { Coordinator } from '../../../devices/coordinator.ts';
import { startTestCoordinator } from '../../devices/helpers/test-coordinator.ts';
import { HTTP_PATHS } from '../../../profiler-agent/protocol-http.ts';
import { device } from '../../devices/helpers/fixtures.ts';
import { postJson } from '../../devices/helpers/http.ts';

const TOKEN = 'calibrate-target-token';

describe('calibration target', () => {
  let c: Coordinator;

  beforeAll(async () => {
    c = await startTestCoordinator(TOKEN, { heartbeatMs: 50, idleRetryMs: 50 });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('refuses an unknown device, an offline one and a tag, naming them', async () => {
    const open = (name: string) => openTarget({ device: name, coordinator: c.url, token: TOKEN });
    await expect(open('pi5')).rejects.toMatchObject({
      code: 'DEVICE_UNKNOWN',
      message: /'pi5' is not registered/,
    });
    await expect(open('tag:arm')).rejects.toMatchObject({ code: 'USAGE' });
    const r = await postJson(c.url, HTTP_PATHS.register, TOKEN, {
      protocol: 1,
      type: 'register',
      device: device('board-1'),
      agentVersion: 'test',
    });
    expect(r.status, JSON.stringify(r.json)).toBeLessThan(300);
    const online = await open('board-1');
    expect(online).toMatchObject({ name: 'board-1', runtime: 'ort-node' });
    // No heartbeat for three intervals: offline.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(open('board-1')).rejects.toMatchObject({
      code: 'DEVICE_OFFLINE',
      message: /'board-1' is offline/,
    });
  });

  it('needs a coordinator for anything but local', async () => {
    await expect(openTarget({ device: 'pi5' })).rejects.toMatchObject({
      code: 'USAGE',
      message: /needs a coordinator/,
    });
  });
});
