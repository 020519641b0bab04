/** Time and identity come in from outside so that every rule is testable with plain values. */
export interface Clock {
  now(): Date;
}

export type IdGenerator = () => string;

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is put: for tests and for the local runtime's `/dev/clock`. */
export class SettableClock implements Clock {
  #offsetMs = 0;
  #fixed: Date | undefined;
  constructor(initial?: Date) {
    this.#fixed = initial;
  }
  now(): Date {
    return this.#fixed ? new Date(this.#fixed) : new Date(Date.now() + this.#offsetMs);
  }
  set(at: Date | null): void {
    this.#fixed = at ?? undefined;
  }
  advance(ms: number): void {
    if (this.#fixed) this.#fixed = new Date(this.#fixed.getTime() + ms);
    else this.#offsetMs += ms;
  }
}
