/**
 * Runs `work` over `items` with at most `concurrency` at a time. The shared ARM budget, not this
 * pool, sets the pace of writes; the pool only bounds how many VMs wait on Azure operations (and
 * poll their status) at once.
 */
export async function fanOut<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}
