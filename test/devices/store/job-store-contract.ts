// The JobStore contract, as one suite every implementation runs (STYLE.md §10): registry, model
// dedup, dispatch by name and tag, leases, retries, and the rule that a job is reported once.
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import type { ClaimTiming, JobStore } from '../../../devices/store/job-store.ts';
import { device, fakeResult, SPEC, tinyModel } from '../helpers/fixtures.ts';

const TIMING: ClaimTiming = { leaseMs: 1_000, runLimitMs: () => 10_000 };
const MODEL = tinyModel();
const SHA = sha256(MODEL);

export function jobStoreContract(name: string, open: () => JobStore): void {
  describe(`JobStore contract: ${name}`, () => {
    let store: JobStore | undefined;
    afterEach(() => store?.close());

    function fresh(): JobStore {
      store = open();
      store.putModel(SHA, MODEL, 0);
      return store;
    }

    function queue(
      s: JobStore,
      id: string,
      target: { device: string } | { tag: string },
      now = 0,
      maxAttempts = 3,
    ) {
      return s.createJob({ id, modelSha256: SHA, target, spec: SPEC, maxAttempts }, now);
    }

    it('registers devices, replaces them on re-registration and matches tags', () => {
      const s = fresh();
      s.upsertDevice(device('pi', ['arm']), '0.1.0', 10);
      expect(s.getDevice('pi')).toMatchObject({
        name: 'pi',
        registeredAt: 10,
        lastSeenAt: 10,
        description: { tags: ['arm'] },
      });
      expect(s.touchDevice('pi', 20)).toBe(true);
      expect(s.touchDevice('nobody', 20)).toBe(false);
      expect(s.getDevice('pi')!.lastSeenAt).toBe(20);
      s.upsertDevice(device('pi', ['arm', 'pi5']), '0.2.0', 30);
      expect(s.listDevices()).toHaveLength(1);
      expect(s.getDevice('pi')).toMatchObject({
        agentVersion: '0.2.0',
        description: { tags: ['arm', 'pi5'] },
      });
      expect(s.tagExists('pi5')).toBe(true);
      expect(s.tagExists('x86')).toBe(false);
    });

    it('stores each model once, by content', () => {
      const s = fresh();
      expect(s.putModel(SHA, MODEL, 1)).toEqual({ created: false });
      expect(Buffer.from(s.getModel(SHA)!)).toEqual(Buffer.from(MODEL));
      expect(s.modelSize(SHA)).toBe(MODEL.byteLength);
      expect(s.getModel('0'.repeat(64))).toBeUndefined();
    });

    it('dispatches the oldest matching job, by name or by tag, with attempt 1', () => {
      const s = fresh();
      s.upsertDevice(device('a', ['t']), '0', 0);
      s.upsertDevice(device('b'), '0', 0);
      s.upsertDevice(device('c', ['u']), '0', 0);
      queue(s, 'j1', { device: 'b' }, 1);
      queue(s, 'j2', { tag: 't' }, 2);
      queue(s, 'j3', { device: 'a' }, 3);
      expect(s.claimJob('a', 5, TIMING)).toMatchObject({
        id: 'j2',
        state: 'running',
        attempt: 1,
        deviceName: 'a',
        leaseExpiresAt: 1_005,
        deadlineAt: 10_005,
      });
      expect(s.claimJob('b', 5, TIMING)).toMatchObject({ id: 'j1', deviceName: 'b' });
      expect(s.claimJob('c', 6, TIMING)).toBeUndefined();
      expect(s.listAttempts('j2')).toEqual([
        expect.objectContaining({ attempt: 1, deviceName: 'a', outcome: 'running' }),
      ]);
    });

    it('accepts the holder attempt once, recognises its resend and refuses a superseded attempt', () => {
      const s = fresh();
      s.upsertDevice(device('a', ['t']), '0', 0);
      s.upsertDevice(device('b', ['t']), '0', 0);
      queue(s, 'j', { tag: 't' });
      s.claimJob('a', 0, TIMING);
      // a goes silent: its lease ends, the job goes back to the queue and b takes it as attempt 2.
      expect(s.extendLease('j', 1, 900)).toBe(true);
      expect(s.expire(1_000)).toEqual({ requeued: [], failed: [] });
      expect(s.expire(1_001)).toEqual({ requeued: ['j'], failed: [] });
      expect(s.getJob('j')).toMatchObject({ state: 'queued', attempt: 1, leaseExpiresAt: null });
      expect(s.claimJob('b', 1_100, TIMING)).toMatchObject({ attempt: 2, deviceName: 'b' });
      expect(s.extendLease('j', 1, 5_000)).toBe(false);
      expect(s.completeJob('j', 1, fakeResult(MODEL, device('a')), 1_200)).toBe('superseded');
      expect(s.completeJob('j', 2, fakeResult(MODEL, device('b')), 1_300)).toBe('accepted');
      expect(s.completeJob('j', 2, fakeResult(MODEL, device('b')), 1_400)).toBe('duplicate');
      expect(s.completeJob('j', 1, fakeResult(MODEL, device('a')), 1_500)).toBe('superseded');
      expect(s.completeJob('nope', 1, fakeResult(MODEL, device('a')), 1_500)).toBe('unknown');
      expect(s.getJob('j')).toMatchObject({ state: 'done', attempt: 2, finishedAt: 1_300 });
      expect(s.getResult('j')).toMatchObject({
        attempt: 2,
        deviceName: 'b',
        receivedAt: 1_300,
        result: { device: { name: 'b' } },
      });
      expect(s.getResult('j')!.result.batches[0]!.latenciesMs).toEqual([1, 1, 1.5, 2]);
      expect(s.listAttempts('j').map((a) => [a.attempt, a.deviceName, a.outcome])).toEqual([
        [1, 'a', 'abandoned'],
        [2, 'b', 'done'],
      ]);
    });

    it('abandons the jobs of a device that polls again (its agent restarted)', () => {
      const s = fresh();
      s.upsertDevice(device('a'), '0', 0);
      queue(s, 'j', { device: 'a' });
      s.claimJob('a', 0, TIMING);
      expect(s.claimJob('a', 10, TIMING)).toMatchObject({ id: 'j', attempt: 2 });
      expect(s.listAttempts('j').map((a) => a.outcome)).toEqual(['abandoned', 'running']);
    });

    it('re-queues retryable errors while attempts remain, then fails; final errors fail at once', () => {
      const s = fresh();
      s.upsertDevice(device('a'), '0', 0);
      queue(s, 'r', { device: 'a' }, 0, 2);
      s.claimJob('a', 0, TIMING);
      const crash = { code: 'MEASURE_FAILED', message: 'the measuring process died' };
      expect(s.failAttempt('r', 1, crash, true, 5)).toBe('accepted');
      expect(s.failAttempt('r', 1, crash, true, 6)).toBe('duplicate');
      expect(s.getJob('r')!.state).toBe('queued');
      s.claimJob('a', 10, TIMING);
      expect(s.failAttempt('r', 2, crash, true, 15)).toBe('accepted');
      expect(s.getJob('r')).toMatchObject({ state: 'failed', error: crash, finishedAt: 15 });

      queue(s, 'f', { device: 'a' }, 20);
      s.claimJob('a', 20, TIMING);
      const invalid = { code: 'MODEL_INVALID', message: 'the runtime rejected the model' };
      expect(s.failAttempt('f', 1, invalid, false, 25)).toBe('accepted');
      expect(s.getJob('f')).toMatchObject({ state: 'failed', attempt: 1, error: invalid });
      expect(s.completeJob('f', 1, fakeResult(MODEL, device('a')), 30)).toBe('superseded');
    });

    it('ends attempts past their deadline even while the lease is renewed, and fails out of attempts', () => {
      const s = fresh();
      s.upsertDevice(device('a'), '0', 0);
      queue(s, 'j', { device: 'a' }, 0, 1);
      s.claimJob('a', 0, TIMING);
      s.extendLease('j', 1, 20_000);
      expect(s.expire(10_001)).toEqual({ requeued: [], failed: ['j'] });
      expect(s.getJob('j')).toMatchObject({ state: 'failed', error: { code: 'JOB_TIMEOUT' } });
      expect(s.listAttempts('j')[0]!.outcome).toBe('timeout');
    });

    it('gives running jobs a fresh lease after a restart', () => {
      const s = fresh();
      s.upsertDevice(device('a'), '0', 0);
      queue(s, 'j', { device: 'a' });
      s.claimJob('a', 0, TIMING);
      expect(s.renewRunningLeases(5_000, 1_000)).toBe(1);
      expect(s.getJob('j')!.leaseExpiresAt).toBe(6_000);
      expect(s.expire(5_500).requeued).toEqual([]);
    });

    it('lists jobs newest first, optionally by state', () => {
      const s = fresh();
      s.upsertDevice(device('a'), '0', 0);
      queue(s, 'old', { device: 'a' }, 1);
      queue(s, 'new', { device: 'a' }, 2);
      s.claimJob('a', 3, TIMING);
      expect(s.listJobs().map((j) => j.id)).toEqual(['new', 'old']);
      expect(s.listJobs({ state: 'queued' }).map((j) => j.id)).toEqual(['new']);
    });
  });
}
