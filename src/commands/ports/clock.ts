/** Time is injected so that windows, expiry and schedules are testable (and follow the emulator's clock). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
