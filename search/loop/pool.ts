// Runs tasks with bounded concurrency, starting each only while `canStart()` allows (the time
// budget); tasks never started are reported back so the caller can leave them for a resume.

export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  canStart: (started: number) => boolean,
  task: (item: T) => Promise<void>,
): Promise<{ started: number }> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && canStart(next)) {
      const item = items[next++]!;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { started: next };
}
