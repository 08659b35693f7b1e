/**
 * The virtual clock: virtual time = start + (real elapsed × speed) + manual advances. Real time comes from
 * an injectable monotonic source so tests and the throttle can share one notion of "real".
 */
export class VirtualClock {
  #anchorVirtual: number;
  #anchorReal: number;
  #speed: number;
  readonly #realNow: () => number;

  constructor(startMs: number, speed: number, realNow: () => number = () => performance.now()) {
    this.#realNow = realNow;
    this.#anchorVirtual = startMs;
    this.#anchorReal = realNow();
    this.#speed = speed;
  }

  /** Current virtual time, epoch milliseconds (integer, so event order stays exact). */
  now(): number {
    return Math.floor(this.#anchorVirtual + (this.#realNow() - this.#anchorReal) * this.#speed);
  }

  get speed(): number {
    return this.#speed;
  }

  /** Changes the speed from now on without jumping. */
  setSpeed(speed: number): void {
    this.#reanchor(this.now());
    this.#speed = speed;
  }

  /** Jumps forward. Time never goes backwards: the event queue relies on it. */
  advance(ms: number): void {
    this.#reanchor(this.now() + Math.max(0, ms));
  }

  /** Jumps to `ms`; refuses the past for the same reason as `advance`. */
  set(ms: number): void {
    if (ms < this.now()) throw new RangeError("the virtual clock cannot go backwards");
    this.#reanchor(ms);
  }

  #reanchor(virtualMs: number): void {
    this.#anchorVirtual = virtualMs;
    this.#anchorReal = this.#realNow();
  }
}
