/**
 * The dev IdP's storage adapter: every model (sessions, grants, refresh tokens, device codes,
 * interactions…) in one in-memory map, mirrored to `<dataDir>/dev-idp/state.json` so that a
 * restart of `npm start` keeps the extension's refresh tokens and the browser's sessions.
 *
 * Dev-sized on purpose: lookups by uid, user code or grant scan the map (a developer's machine
 * holds tens of entries, not millions), and the file is rewritten whole, atomically (temporary
 * file + rename), coalescing bursts of writes into one. It is not meant for more than one
 * process per data dir.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Logger } from '../../observability/logger.js';

interface Entry {
  readonly payload: AdapterPayload;
  /** Epoch milliseconds; undefined for entries without a lifetime. */
  readonly expiresAt: number | undefined;
}

interface StateFile {
  readonly version: 1;
  readonly entries: Record<string, Entry>;
}

const STATE_VERSION = 1;

function key(model: string, id: string): string {
  return `${model}:${id}`;
}

function modelOf(storeKey: string): string {
  return storeKey.slice(0, storeKey.indexOf(':'));
}

/** Payloads are handed out as copies: oidc-provider mutates what it finds, and that must not bypass upsert. */
function copy(payload: AdapterPayload): AdapterPayload {
  return structuredClone(payload);
}

export class DevStateStore {
  private readonly entries = new Map<string, Entry>();
  private dirty = false;
  private writing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly logger: Logger | undefined,
    private readonly now: () => number,
  ) {}

  /** Loads the state file (a missing file is an empty state; a corrupt one is set aside, logged, and replaced). */
  static open(path: string, logger?: Logger, now: () => number = Date.now): DevStateStore {
    const store = new DevStateStore(path, logger, now);
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      try {
        const state = JSON.parse(text) as Partial<StateFile>;
        if (state.version !== STATE_VERSION || typeof state.entries !== 'object' || state.entries === null)
          throw new Error(`unknown state version ${String(state.version)}`);
        const current = now();
        for (const [storeKey, entry] of Object.entries(state.entries)) {
          if (entry.expiresAt === undefined || entry.expiresAt > current) store.entries.set(storeKey, entry);
        }
      } catch (error) {
        const aside = `${path}.corrupt-${now()}`;
        renameSync(path, aside);
        logger?.warn({ path, aside, err: error }, 'dev IdP state file unreadable; set aside, starting with no sessions or grants');
      }
    }
    return store;
  }

  /** The oidc-provider adapter factory: one adapter per model name, all sharing this store. */
  readonly adapterFactory = (model: string): Adapter => new ModelAdapter(this, model);

  get size(): number {
    return this.entries.size;
  }

  get(model: string, id: string): AdapterPayload | undefined {
    const storeKey = key(model, id);
    const entry = this.entries.get(storeKey);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(storeKey);
      this.changed();
      return undefined;
    }
    return copy(entry.payload);
  }

  set(model: string, id: string, payload: AdapterPayload, expiresInSeconds: number | undefined): void {
    const expiresAt = typeof expiresInSeconds === 'number' ? this.now() + expiresInSeconds * 1000 : undefined;
    this.entries.set(key(model, id), { payload: copy(payload), expiresAt });
    this.changed();
  }

  update(model: string, id: string, change: (payload: AdapterPayload) => void): void {
    const storeKey = key(model, id);
    const entry = this.entries.get(storeKey);
    if (!entry) return;
    const payload = copy(entry.payload);
    change(payload);
    this.entries.set(storeKey, { payload, expiresAt: entry.expiresAt });
    this.changed();
  }

  delete(model: string, id: string): void {
    if (this.entries.delete(key(model, id))) this.changed();
  }

  /** The first live entry of a model whose payload matches. */
  findBy(model: string, match: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
    const current = this.now();
    for (const [storeKey, entry] of this.entries) {
      if (modelOf(storeKey) !== model || (entry.expiresAt !== undefined && entry.expiresAt <= current)) continue;
      if (match(entry.payload)) return copy(entry.payload);
    }
    return undefined;
  }

  deleteBy(model: string, match: (payload: AdapterPayload) => boolean): number {
    let removed = 0;
    for (const [storeKey, entry] of this.entries) {
      if (modelOf(storeKey) === model && match(entry.payload)) {
        this.entries.delete(storeKey);
        removed += 1;
      }
    }
    if (removed > 0) this.changed();
    return removed;
  }

  /** Waits until everything changed so far is on disk. */
  async flush(): Promise<void> {
    await this.idle();
    if (!this.dirty) return;
    await this.startWrite();
    await this.idle();
  }

  /** Waits for the write in progress, and the ones it chains, to finish. */
  private async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private changed(): void {
    this.dirty = true;
    if (this.closed) {
      // A straggling request after close (a keep-alive socket): persist synchronously rather than lose it.
      this.writeSync();
      return;
    }
    if (!this.writing) void this.startWrite();
  }

  private startWrite(): Promise<void> {
    // setImmediate: a token request touches several models; one write covers them all.
    this.writing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.writeOnce())
      .catch((error: unknown) => {
        this.logger?.error({ err: error, path: this.path }, 'dev IdP state could not be saved');
      })
      .finally(() => {
        this.writing = undefined;
        if (this.dirty && !this.closed) void this.startWrite();
      });
    return this.writing;
  }

  private serialise(): string {
    this.dirty = false;
    const current = this.now();
    const entries: Record<string, Entry> = {};
    for (const [storeKey, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= current) this.entries.delete(storeKey);
      else entries[storeKey] = entry;
    }
    const state: StateFile = { version: STATE_VERSION, entries };
    return JSON.stringify(state);
  }

  private async writeOnce(): Promise<void> {
    const text = this.serialise();
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, this.path);
  }

  private writeSync(): void {
    const text = this.serialise();
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

/** oidc-provider's adapter contract for one model, over the shared store. */
class ModelAdapter implements Adapter {
  constructor(
    private readonly store: DevStateStore,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.store.set(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.model, id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.store.findBy(this.model, (payload) => payload.uid === uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.store.findBy(this.model, (payload) => payload.userCode === userCode);
  }

  async consume(id: string): Promise<void> {
    this.store.update(this.model, id, (payload) => {
      payload.consumed = Math.floor(Date.now() / 1000);
    });
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.deleteBy(this.model, (payload) => payload.grantId === grantId);
  }
}
