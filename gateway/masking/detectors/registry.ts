/**
 * Every detector the engine has, in the order the numbers matcher and the key classifier ask
 * them. Adding a detector: write its descriptor beside this file and list it here.
 */
import { address } from './address.js';
import { birthDate } from './birthDate.js';
import { cep } from './cep.js';
import { cnh } from './cnh.js';
import { cnpj } from './cnpj.js';
import { cns } from './cns.js';
import { cpf } from './cpf.js';
import { creditCard } from './creditCard.js';
import type { DetectorDescriptor } from './descriptor.js';
import { email } from './email.js';
import { ip } from './ip.js';
import { name } from './name.js';
import { phone } from './phone.js';
import { pis } from './pis.js';
import { rg } from './rg.js';
import { sensitiveKey } from './sensitiveKey.js';
import { tituloEleitor } from './tituloEleitor.js';

export const DETECTORS = [
  cpf,
  cnpj,
  rg,
  cnh,
  pis,
  tituloEleitor,
  cns,
  cep,
  phone,
  email,
  creditCard,
  ip,
  birthDate,
  name,
  address,
  sensitiveKey,
] as const;

export type DetectorId = (typeof DETECTORS)[number]['id'];

const BY_ID = new Map<string, DetectorDescriptor<DetectorId>>(DETECTORS.map((detector) => [detector.id, detector]));

export function detector(id: DetectorId): DetectorDescriptor<DetectorId> {
  return BY_ID.get(id)!;
}

/** One bit per detector (its index in DETECTORS): enabled sets and cue words are bit masks. */
export function detectorBit(id: DetectorId): number {
  return DETECTOR_BITS.get(id) ?? 0;
}

const DETECTOR_BITS = new Map<DetectorId, number>(DETECTORS.map((d, index) => [d.id, 1 << index]));
