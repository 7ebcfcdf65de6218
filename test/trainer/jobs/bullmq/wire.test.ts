// The queue's wire format without Redis: jobs checked on arrival (version, shape, hashes), job
// ids a pure function of the job, and a dataset blob that unpacks to the very images packed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, loadSource } from '../../../../trainer/data/load-dataset.ts';
import { packDataset, unpackDataset, unpackedDataset } from '../../../../trainer/jobs/bullmq/dataset-blob.ts';
import { jobIdOf } from '../../../../trainer/jobs/bullmq/job-id.ts';
import { redactedRedisUrl, redisLabel } from '../../../../trainer/jobs/bullmq/redis-url.ts';
import { parseJobData, type JobData } from '../../../../trainer/jobs/bullmq/wire.ts';
import { tinyArch, tinySet } from '../../train/tiny.ts';

const good: JobData = {
  memnasVersion: '1.2.3',
  runId: 'abc123',
  candidate: 'cand-4',
  architecture: tinyArch(),
  dataset: { kind: 'named', name: 'fashion-mnist', seed: 0, limit: { validation: 500 } },
  options: { budget: { images: 2000 }, batchSize: 64, seed: 3 },
  initialWeights: 'a'.repeat(64),
};

describe('queue jobs on the wire', () => {
  it('accepts a well-formed job of this version and refuses another version in one line', () => {
    expect(parseJobData(JSON.parse(JSON.stringify(good)), '1.2.3').candidate).toBe('cand-4');
    expect(() => parseJobData(good, '1.2.4')).toThrow(
      /job made by memnas 1\.2\.3, this worker is memnas 1\.2\.4/,
    );
  });

  it('names the first problem of a malformed job', () => {
    expect(() => parseJobData({ ...good, initialWeights: 'xyz' }, '1.2.3')).toThrow(
      /^malformed training job: initialWeights: must be a sha256 in hex$/,
    );
    expect(() => parseJobData({ ...good, options: { budget: { images: -1 } } }, '1.2.3')).toThrow(
      /malformed training job: options\.budget\.images/,
    );
    expect(() => parseJobData({ ...good, dataset: { kind: 'path', path: '/etc' } }, '1.2.3')).toThrow(
      /malformed training job: dataset/,
    );
    expect(() => parseJobData('nonsense', '1.2.3')).toThrow(/malformed training job/);
  });

  it('gives the same job the same id, and another job another id', () => {
    expect(jobIdOf(good)).toBe(jobIdOf(JSON.parse(JSON.stringify(good)) as JobData));
    expect(jobIdOf(good)).toMatch(/^abc123\.cand-4\.[0-9a-f]{16}$/);
    expect(jobIdOf({ ...good, options: { ...good.options, seed: 4 } })).not.toBe(jobIdOf(good));
  });

  it('prints Redis URLs without their password', () => {
    expect(redisLabel('redis://:secret@10.0.0.5:6379')).toBe('redis://10.0.0.5:6379');
    expect(redisLabel('redis://user:secret@host:6379/2')).toBe('redis://host:6379/2');
  });

  it('gives a URL to pass on with its password replaced by PASSWORD', () => {
    expect(redactedRedisUrl('redis://:secret@10.0.0.5:6379')).toBe('redis://:PASSWORD@10.0.0.5:6379');
    expect(redactedRedisUrl('redis://user:secret@host:6379/2')).toBe('redis://user:PASSWORD@host:6379/2');
    expect(redactedRedisUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});

describe('dataset blobs', () => {
  it('unpack to the same split images as the source they were packed from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memnas-blob-'));
    const set = tinySet(120, 5);
    const quantised = { ...set, images: Float32Array.from(set.images, (v) => Math.round(v * 255) / 255) };
    const packed = packDataset({ trainFiles: quantised, test: undefined, classNames: ['left', 'right'] });
    const source = unpackDataset(packed, join(dir, 'h'));
    expect(unpackedDataset(join(dir, 'h'))).toEqual(source);
    const raw = await loadSource(source);
    expect(raw.classNames).toEqual(['left', 'right']);
    expect(Array.from(raw.trainFiles.labels)).toEqual(Array.from(set.labels));
    expect(raw.trainFiles.images).toEqual(quantised.images);
    const split = await loadDataset({ source, seed: 4, validationFraction: 0.25 });
    expect(split.validation.count).toBe(30);
  });
});
