/**
 * A time-ordered queue (binary min-heap) for the discrete-event simulation. Ties are broken by insertion
 * order, so two events at the same virtual millisecond always run in the order they were scheduled.
 */
export interface Scheduled<E> {
  at: number;
  seq: number;
  event: E;
}

export class EventQueue<E> {
  #heap: Scheduled<E>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, event: E): void {
    const node = { at, seq: this.#seq++, event };
    const heap = this.#heap;
    heap.push(node);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Scheduled<E>;
      if (!before(node, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = node;
  }

  /** Removes and returns the earliest event if it is due at or before `now`. */
  popDue(now: number): Scheduled<E> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined || top.at > now) return undefined;
    const last = heap.pop() as Scheduled<E>;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = last;
        let at = i;
        const left = heap[l];
        const right = heap[r];
        if (left !== undefined && before(left, smallest)) {
          smallest = left;
          at = l;
        }
        if (right !== undefined && before(right, smallest)) {
          smallest = right;
          at = r;
        }
        if (at === i) break;
        heap[i] = smallest;
        i = at;
      }
      heap[i] = last;
    }
    return top;
  }

  /** Time of the next event, if any. */
  peekAt(): number | undefined {
    return this.#heap[0]?.at;
  }
}

function before<E>(a: Scheduled<E>, b: Scheduled<E>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
