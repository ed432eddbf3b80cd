/**
 * A first-come-first-served line of calls waiting for room in something bounded (the budget of
 * body bytes in flight, the masking queue, the budget of answers waiting to be recorded). Each
 * call waits at most `waitMs`, then is refused; a call whose client went away (its signal
 * aborted) leaves. The owner decides what fits and admits from the head (`admit`): the line keeps
 * the order, the timers and the abort listeners, so no owner writes them again.
 */

export interface WaitLineOptions {
  /** Longest a call waits before it is refused. */
  readonly waitMs: number;
  /** The error a call whose wait ran out is rejected with (asked once per refusal, after it left). */
  readonly refusal: () => unknown;
  /**
   * Called whenever a call left without being admitted (its wait ran out, or it was aborted): the
   * head leaving may let the calls behind it in, and the owner's counts changed.
   */
  readonly afterLeave: () => void;
}

interface Place<T> {
  readonly item: T;
  /** Takes the place out of the line and settles its wait as admitted. */
  readonly enter: () => void;
}

export class WaitLine<T> {
  private readonly places: Array<Place<T>> = [];

  constructor(private readonly options: WaitLineOptions) {}

  /** Calls waiting now. */
  get length(): number {
    return this.places.length;
  }

  /** Whether a waiting call's item passes `test`. */
  some(test: (item: T) => boolean): boolean {
    return this.places.some((place) => test(place.item));
  }

  /** The place of the first waiting call whose item passes `test`, or -1. */
  findIndex(test: (item: T) => boolean): number {
    return this.places.findIndex((place) => test(place.item));
  }

  /**
   * Waits with `item` at place `at` (the end by default) until the owner admits it (resolves), the
   * wait runs out (rejects with `refusal()`), or `signal` aborts (rejects with its reason).
   */
  wait(item: T, signal?: AbortSignal, at: number = this.places.length): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const leave = (): boolean => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        const index = this.places.indexOf(place);
        if (index < 0) return false;
        this.places.splice(index, 1);
        return true;
      };
      const aborted = (): void => {
        if (!leave()) return;
        this.options.afterLeave();
        reject(signal?.reason);
      };
      const place: Place<T> = {
        item,
        enter: () => {
          leave();
          resolve();
        },
      };
      const timer = setTimeout(() => {
        if (!leave()) return;
        this.options.afterLeave();
        reject(this.options.refusal());
      }, this.options.waitMs);
      signal?.addEventListener('abort', aborted, { once: true });
      this.places.splice(Math.max(0, Math.min(at, this.places.length)), 0, place);
    });
  }

  /**
   * Admits calls from the head, in order, while the head's item `fits`; `enter` takes each one's
   * room before its wait resolves. A later call never passes the head.
   */
  admit(fits: (item: T) => boolean, enter: (item: T) => void): void {
    for (let head = this.places[0]; head && fits(head.item); head = this.places[0]) {
      enter(head.item);
      head.enter();
    }
  }
}
