/**
 * Disposables, as VS Code and vscode-pull-request-github shape them: a base class that owns
 * what it registers and releases it once, in reverse order. Free of `vscode` imports so the
 * services built on it are testable in plain Node.
 */

/** Anything that holds a resource until it is disposed (structurally a `vscode.Disposable`). */
export interface IDisposable {
  dispose(): void;
}

export function toDisposable(dispose: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/** Disposes each item, newest first; one failure does not stop the others (it is rethrown after). */
function disposeAll(items: IDisposable[]): void {
  const errors: unknown[] = [];
  while (items.length > 0) {
    const item = items.pop();
    try {
      item?.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
}

/** Base class: `register` what you create; `dispose` releases it all once. */
export abstract class Disposable implements IDisposable {
  private readonly disposables: IDisposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `item`; disposes it at once if this object is already disposed. */
  protected register<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.disposables.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables);
  }
}
