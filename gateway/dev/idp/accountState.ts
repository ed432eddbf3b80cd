/**
 * Which dev accounts are offboarded: a deactivated account cannot sign in, and its sessions and
 * refresh tokens stop working (the provider no longer finds it). Kept in
 * `<dataDir>/dev-idp/accounts.json`, so an offboarding survives a restart of `npm start`, as it
 * would in a real directory.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface AccountsFile {
  readonly version: 1;
  /** Username → when it was deactivated. */
  readonly deactivated: Record<string, string>;
}

export class DevAccountState {
  private readonly deactivated: Map<string, string>;

  private constructor(private readonly path: string) {
    this.deactivated = new Map(Object.entries(DevAccountState.read(path)));
  }

  static open(stateDir: string): DevAccountState {
    return new DevAccountState(join(stateDir, 'accounts.json'));
  }

  private static read(path: string): Record<string, string> {
    try {
      const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<AccountsFile>;
      return file.version === 1 && typeof file.deactivated === 'object' && file.deactivated !== null ? file.deactivated : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`${path} is not valid JSON; delete it to reactivate every dev account`, { cause: error });
    }
  }

  isActive(username: string): boolean {
    return !this.deactivated.has(username);
  }

  deactivatedAt(username: string): string | undefined {
    return this.deactivated.get(username);
  }

  /** Marks the account offboarded (or active again); true when that changed anything. */
  set(username: string, active: boolean, at: Date): boolean {
    if (active === this.isActive(username)) return false;
    if (active) this.deactivated.delete(username);
    else this.deactivated.set(username, at.toISOString());
    const file: AccountsFile = { version: 1, deactivated: Object.fromEntries(this.deactivated) };
    // Write-then-rename: a reader never sees half a file.
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
    return true;
  }
}
