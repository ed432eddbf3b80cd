/**
 * A minimal typed event emitter with the `vscode.Event` shape (`event(listener) → Disposable`),
 * so vscode-free services can expose events that the extension passes straight to VS Code APIs.
 */
import { toDisposable, type IDisposable } from './lifecycle.js';

export type Event<T> = (listener: (value: T) => void) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  /** Calls every listener; a listener that throws does not keep the others from running. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Resolves with the next value of `event` for which `match` holds, or undefined after `timeoutMs`. */
export function nextEvent<T>(event: Event<T>, match: (value: T) => boolean, timeoutMs: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(undefined);
    }, timeoutMs);
    const subscription = event((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}
