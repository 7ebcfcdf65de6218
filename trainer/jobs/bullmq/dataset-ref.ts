// How a job names its dataset, on both sides. The search: Fashion-MNIST from its default place
// goes by name (each worker resolves it itself); anything else is packed once, uint8 pixels and
// labels, into a blob in Redis. A worker: a name becomes the spec again; a blob is fetched once
// and unpacked into its cache folder, reused by every later job and worker run.
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { loadSource } from '../../data/load-dataset.ts';
import type { DatasetSpec } from '../../data/spec.ts';
import { getBlob, putBlob } from './blobs.ts';
import { packDataset, unpackDataset, unpackedDataset } from './dataset-blob.ts';
import { defined, type DatasetRef } from './wire.ts';

/** The search side: one upload per distinct source, however many jobs and specs use it. */
export class DatasetUploader {
  private readonly blobs = new Map<string, Promise<string>>();

  constructor(private readonly redis: Redis) {}

  async ref(spec: DatasetSpec): Promise<DatasetRef> {
    const split = defined({
      validationFraction: spec.validationFraction,
      seed: spec.seed,
      limit: spec.limit,
    });
    const { source } = spec;
    if (source.kind === 'fashion-mnist' && source.path === undefined)
      return { kind: 'named', name: 'fashion-mnist', ...split };
    const key = JSON.stringify(source);
    let hash = this.blobs.get(key);
    if (hash === undefined) {
      hash = loadSource(source).then((raw) => putBlob(this.redis, packDataset(raw)));
      this.blobs.set(key, hash);
      hash.catch(() => this.blobs.delete(key)); // a failed upload is tried again by the next job
    }
    return { kind: 'blob', hash: await hash, ...split };
  }
}

/** The worker side: the spec a job's dataset reference stands for, fetching a blob at most once. */
export async function resolveDataset(ref: DatasetRef, redis: Redis, cacheDir: string): Promise<DatasetSpec> {
  const split = defined({
    validationFraction: ref.validationFraction,
    seed: ref.seed,
    limit: defined(ref.limit ?? {}),
  });
  const { limit, ...rest } = split;
  const base = { ...rest, ...(ref.limit === undefined ? {} : { limit }) };
  if (ref.kind === 'named') return { source: { kind: 'fashion-mnist' }, ...base };
  const dir = join(cacheDir, ref.hash);
  const source = unpackedDataset(dir) ?? unpackDataset(await getBlob(redis, ref.hash, 'dataset'), dir);
  return { source, ...base };
}
