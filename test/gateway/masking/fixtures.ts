/** Builders for the masking tests: a masker with a fixed key and check-digit generators written from the specs. */
import { strict as assert } from 'node:assert';
import {
  builtinProfile,
  createMasker,
  keyringFromSecrets,
  type DetectorId,
  type Masker,
  type MaskingEvent,
  type MaskingStrategy,
  type StreamMasker,
} from '../../../gateway/masking/index.js';
import type { MaskingProfileConfig } from '../../../gateway/masking/config.js';

export const keyring = keyringFromSecrets([
  { id: 'k2', secret: Buffer.alloc(32, 2) },
  { id: 'k1', secret: Buffer.alloc(32, 1) },
]);

export function masker(strategies: Partial<Record<DetectorId, MaskingStrategy>> = {}, sensitiveKeys: string[] = []): Masker {
  const base = builtinProfile();
  const detectors = new Map(base.detectors);
  for (const [id, strategy] of Object.entries(strategies)) detectors.set(id as DetectorId, strategy);
  const profile: MaskingProfileConfig = { name: 'test', detectors, sensitiveKeys };
  return createMasker(profile, keyring);
}

export function only(...ids: DetectorId[]): Masker {
  const profile: MaskingProfileConfig = { name: 'only', detectors: new Map(ids.map((id) => [id, 'redact'])), sensitiveKeys: [] };
  return createMasker(profile, keyring);
}

/** Mod-11 check digit with weights counting down from `top` (CPF: 10 then 11). */
function mod11(values: readonly number[], weights: readonly number[]): number {
  const sum = values.reduce((acc, value, i) => acc + value * (weights[i] ?? 0), 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** A valid CPF from 9 base digits. */
export function cpf(base: readonly number[]): string {
  const d1 = mod11(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11([...base, d1], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return [...base, d1, d2].join('');
}

/** A valid PIS/PASEP/NIS from 10 base digits (one mod-11 check digit, weights 3 2 9 8 7 6 5 4 3 2). */
export function pis(base: readonly number[]): string {
  return [...base, mod11(base, [3, 2, 9, 8, 7, 6, 5, 4, 3, 2])].join('');
}

export function formatCpf(digits: string): string {
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/** A valid CNPJ from 12 base characters 0-9/A-Z (IN RFB 2.229/2024: value = ASCII code - 48). */
export function cnpj(base: string): string {
  const values = [...base].map((ch) => ch.charCodeAt(0) - 48);
  const d1 = mod11(values, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11([...values, d1], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return `${base}${d1}${d2}`;
}

export function formatCnpj(value: string): string {
  return `${value.slice(0, 2)}.${value.slice(2, 5)}.${value.slice(5, 8)}/${value.slice(8, 12)}-${value.slice(12)}`;
}

/** Changes the last check digit, so the number is invalid. */
export function breakCheck(value: string): string {
  const last = Number(value[value.length - 1]);
  return value.slice(0, -1) + String((last + 1) % 10);
}

export function text(m: Masker, input: string): string {
  return m.maskText(input).value;
}

/** `text` cut at the points `cuts` (taken modulo its length): the chunks a stream receives. */
export function chunksAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const point of [...points, text.length]) {
    chunks.push(text.slice(last, point));
    last = point;
  }
  return chunks;
}

/** Everything a stream gives for `chunks`, then its end. */
export function drain(stream: StreamMasker, chunks: readonly string[]): { value: string; events: MaskingEvent[] } {
  let value = '';
  const events: MaskingEvent[] = [];
  for (const result of [...chunks.map((c) => stream.push(c)), stream.end()]) {
    value += result.value;
    events.push(...result.events);
  }
  return { value, events };
}

/**
 * Asserts that `text` masks the same in a stream cut at every position as whole, and that masking
 * its masked form again changes nothing, for each strategy applied to `ids`.
 */
export function assertStableMasking(m: Masker, text: string, ids: readonly DetectorId[]): void {
  const whole = m.maskText(text).value;
  for (let cut = 0; cut <= text.length; cut++) assert.equal(drain(m.textStream(), chunksAt(text, [cut])).value, whole, `cut at ${cut}`);
  for (const strategy of ['redact', 'partial', 'pseudonym'] as const) {
    const mk = masker(Object.fromEntries(ids.map((id) => [id, strategy])));
    const once = mk.maskText(text).value;
    assert.equal(mk.maskText(once).value, once, strategy);
  }
}
