/**
 * The gateway's maskers, one per policy profile, sharing one HMAC keyring. Built lazily so a
 * profile nobody uses costs nothing; a profile name that does not exist is a programming error
 * (the configuration loader already refused it).
 */
import { join } from 'node:path';
import type { MaskingConfig } from '../masking/config.js';
import { createKeyring, createMasker, type Masker, type MaskingKeyring } from '../masking/index.js';

export class MaskingProfiles {
  readonly keyring: MaskingKeyring;
  private readonly maskers = new Map<string, Masker>();

  constructor(
    private readonly config: MaskingConfig,
    dataDir: string,
    baseDir: string,
  ) {
    this.keyring = createKeyring(config, join(dataDir, 'keys'), baseDir);
  }

  masker(profile: string): Masker {
    let masker = this.maskers.get(profile);
    if (!masker) {
      const profileConfig = this.config.profiles.get(profile);
      if (!profileConfig) throw new Error(`masking profile ${profile} is not defined`);
      masker = createMasker(profileConfig, this.keyring);
      this.maskers.set(profile, masker);
    }
    return masker;
  }
}
