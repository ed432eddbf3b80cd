/**
 * The LGPD (Lei 13.709/2018) vocabulary a generator's registration is written in: the legal bases
 * of Art. 7 and Art. 11, the categories of personal data (Art. 5 I, sensitive ones Art. 5 II,
 * children's data Art. 14) and the mechanisms that permit a transfer abroad (Art. 33). Codes are
 * what the policy file says; names are the law's own words (Portuguese) with an English gloss, so
 * the register reads the way the ANPD reads it. The masking detectors' mapping to categories lets
 * the register compare what a generator declares with what the gateway actually masked.
 */
import type { DetectorId } from '../masking/config.js';

export interface LegalBasis {
  readonly code: string;
  /** `Art. 7, I` or `Art. 11, II, a`. */
  readonly article: string;
  /** The hypothesis as the law words it (abridged). */
  readonly name: string;
  readonly english: string;
  /** Art. 11 bases are the only ones for sensitive data (Art. 5 II). */
  readonly sensitive: boolean;
}

export const LEGAL_BASES = [
  {
    code: 'art7-i-consent',
    article: 'Art. 7, I',
    name: 'mediante o fornecimento de consentimento pelo titular',
    english: 'consent of the data subject',
    sensitive: false,
  },
  {
    code: 'art7-ii-legal-obligation',
    article: 'Art. 7, II',
    name: 'para o cumprimento de obrigação legal ou regulatória pelo controlador',
    english: 'compliance with a legal or regulatory obligation of the controller',
    sensitive: false,
  },
  {
    code: 'art7-iii-public-policy',
    article: 'Art. 7, III',
    name: 'pela administração pública, para a execução de políticas públicas previstas em leis e regulamentos',
    english: 'public administration carrying out public policies',
    sensitive: false,
  },
  {
    code: 'art7-iv-research',
    article: 'Art. 7, IV',
    name: 'para a realização de estudos por órgão de pesquisa',
    english: 'studies by a research body (anonymised where possible)',
    sensitive: false,
  },
  {
    code: 'art7-v-contract',
    article: 'Art. 7, V',
    name: 'quando necessário para a execução de contrato ou de procedimentos preliminares relacionados a contrato do qual seja parte o titular',
    english: 'performance of a contract, or steps before one, to which the data subject is party',
    sensitive: false,
  },
  {
    code: 'art7-vi-exercise-of-rights',
    article: 'Art. 7, VI',
    name: 'para o exercício regular de direitos em processo judicial, administrativo ou arbitral',
    english: 'regular exercise of rights in judicial, administrative or arbitration proceedings',
    sensitive: false,
  },
  {
    code: 'art7-vii-protection-of-life',
    article: 'Art. 7, VII',
    name: 'para a proteção da vida ou da incolumidade física do titular ou de terceiro',
    english: 'protection of the life or physical safety of the data subject or a third party',
    sensitive: false,
  },
  {
    code: 'art7-viii-health-protection',
    article: 'Art. 7, VIII',
    name: 'para a tutela da saúde, exclusivamente, em procedimento realizado por profissionais de saúde, serviços de saúde ou autoridade sanitária',
    english: 'health protection, by health professionals, health services or a health authority',
    sensitive: false,
  },
  {
    code: 'art7-ix-legitimate-interest',
    article: 'Art. 7, IX',
    name: 'quando necessário para atender aos interesses legítimos do controlador ou de terceiro',
    english: 'legitimate interests of the controller or a third party',
    sensitive: false,
  },
  {
    code: 'art7-x-credit-protection',
    article: 'Art. 7, X',
    name: 'para a proteção do crédito',
    english: 'credit protection',
    sensitive: false,
  },
  {
    code: 'art11-i-specific-consent',
    article: 'Art. 11, I',
    name: 'quando o titular ou seu responsável legal consentir, de forma específica e destacada, para finalidades específicas',
    english: 'specific and highlighted consent for specific purposes',
    sensitive: true,
  },
  {
    code: 'art11-ii-a-legal-obligation',
    article: 'Art. 11, II, a',
    name: 'cumprimento de obrigação legal ou regulatória pelo controlador',
    english: 'compliance with a legal or regulatory obligation of the controller',
    sensitive: true,
  },
  {
    code: 'art11-ii-b-public-policy',
    article: 'Art. 11, II, b',
    name: 'tratamento compartilhado de dados necessários à execução, pela administração pública, de políticas públicas previstas em leis ou regulamentos',
    english: 'shared processing needed by the public administration to carry out public policies',
    sensitive: true,
  },
  {
    code: 'art11-ii-c-research',
    article: 'Art. 11, II, c',
    name: 'realização de estudos por órgão de pesquisa',
    english: 'studies by a research body (anonymised where possible)',
    sensitive: true,
  },
  {
    code: 'art11-ii-d-exercise-of-rights',
    article: 'Art. 11, II, d',
    name: 'exercício regular de direitos, inclusive em contrato e em processo judicial, administrativo e arbitral',
    english: 'regular exercise of rights, including in a contract and in judicial, administrative or arbitration proceedings',
    sensitive: true,
  },
  {
    code: 'art11-ii-e-protection-of-life',
    article: 'Art. 11, II, e',
    name: 'proteção da vida ou da incolumidade física do titular ou de terceiro',
    english: 'protection of the life or physical safety of the data subject or a third party',
    sensitive: true,
  },
  {
    code: 'art11-ii-f-health-protection',
    article: 'Art. 11, II, f',
    name: 'tutela da saúde, exclusivamente, em procedimento realizado por profissionais de saúde, serviços de saúde ou autoridade sanitária',
    english: 'health protection, by health professionals, health services or a health authority',
    sensitive: true,
  },
  {
    code: 'art11-ii-g-fraud-prevention',
    article: 'Art. 11, II, g',
    name: 'garantia da prevenção à fraude e à segurança do titular, nos processos de identificação e autenticação de cadastro em sistemas eletrônicos',
    english: 'fraud prevention and the security of the data subject in identification and authentication in electronic systems',
    sensitive: true,
  },
] as const satisfies readonly LegalBasis[];

export type LegalBasisCode = (typeof LEGAL_BASES)[number]['code'];

export interface DataCategory {
  readonly code: string;
  readonly name: string;
  /** Art. 5 II: processing needs an Art. 11 basis. */
  readonly sensitive: boolean;
  /** Children's and adolescents' data (Art. 14): processed in their best interest. */
  readonly children?: boolean;
}

export const DATA_CATEGORIES = [
  { code: 'identification', name: 'Identification (name, date of birth, parentage)', sensitive: false },
  { code: 'government-id', name: 'Identity documents (CPF, RG, CNH, PIS, voter card, passport)', sensitive: false },
  { code: 'contact', name: 'Contact (e-mail, phone)', sensitive: false },
  { code: 'address', name: 'Address (street address, CEP)', sensitive: false },
  { code: 'financial', name: 'Financial (bank account, card, payments, income)', sensitive: false },
  { code: 'credit', name: 'Credit history and scores', sensitive: false },
  { code: 'employment', name: 'Employment and professional data', sensitive: false },
  { code: 'education', name: 'Education', sensitive: false },
  { code: 'location', name: 'Location (geolocation)', sensitive: false },
  { code: 'online-identifiers', name: 'Online identifiers (IP address, device and cookie ids)', sensitive: false },
  { code: 'behavioural', name: 'Behaviour and preferences (usage, consumption habits)', sensitive: false },
  { code: 'family', name: 'Family and marital status', sensitive: false },
  { code: 'children', name: "Children's and adolescents' data (Art. 14)", sensitive: false, children: true },
  { code: 'racial-ethnic-origin', name: 'Racial or ethnic origin (Art. 5 II)', sensitive: true },
  { code: 'religious-conviction', name: 'Religious conviction (Art. 5 II)', sensitive: true },
  { code: 'political-opinion', name: 'Political opinion (Art. 5 II)', sensitive: true },
  { code: 'union-membership', name: 'Trade union membership (Art. 5 II)', sensitive: true },
  {
    code: 'organization-membership',
    name: 'Membership of a religious, philosophical or political organisation (Art. 5 II)',
    sensitive: true,
  },
  { code: 'health', name: 'Health (Art. 5 II)', sensitive: true },
  { code: 'sex-life', name: 'Sex life (Art. 5 II)', sensitive: true },
  { code: 'genetic', name: 'Genetic data (Art. 5 II)', sensitive: true },
  { code: 'biometric', name: 'Biometric data (Art. 5 II)', sensitive: true },
] as const satisfies readonly DataCategory[];

export type DataCategoryCode = (typeof DATA_CATEGORIES)[number]['code'];

export interface TransferMechanism {
  readonly code: string;
  readonly article: string;
  readonly name: string;
}

/** Art. 33: the only cases in which personal data may be transferred abroad. */
export const TRANSFER_MECHANISMS = [
  { code: 'art33-i-adequate-country', article: 'Art. 33, I', name: 'country or international body with an adequate level of protection' },
  { code: 'art33-ii-a-specific-clauses', article: 'Art. 33, II, a', name: 'contractual clauses specific to this transfer' },
  { code: 'art33-ii-b-standard-clauses', article: 'Art. 33, II, b', name: 'standard contractual clauses (ANPD)' },
  { code: 'art33-ii-c-corporate-rules', article: 'Art. 33, II, c', name: 'global corporate rules' },
  { code: 'art33-ii-d-seals-certificates', article: 'Art. 33, II, d', name: 'seals, certificates and codes of conduct' },
  { code: 'art33-iii-legal-cooperation', article: 'Art. 33, III', name: 'international legal cooperation between public bodies' },
  {
    code: 'art33-iv-protection-of-life',
    article: 'Art. 33, IV',
    name: 'protection of the life or physical safety of the data subject or a third party',
  },
  { code: 'art33-v-anpd-authorization', article: 'Art. 33, V', name: 'authorised by the ANPD' },
  { code: 'art33-vi-cooperation-agreement', article: 'Art. 33, VI', name: 'commitment under an international cooperation agreement' },
  { code: 'art33-vii-public-policy', article: 'Art. 33, VII', name: 'carrying out a public policy or legal duty of a public service' },
  { code: 'art33-viii-specific-consent', article: 'Art. 33, VIII', name: 'specific and highlighted consent to the transfer' },
  { code: 'art33-ix-art7-bases', article: 'Art. 33, IX', name: 'the cases of Art. 7, II, V and VI' },
] as const satisfies readonly TransferMechanism[];

export type TransferMechanismCode = (typeof TRANSFER_MECHANISMS)[number]['code'];

/** Where personal data stays without a transfer abroad. */
export const HOME_COUNTRY = 'BR';

/** The category each masking detector finds; `sensitive_key` is whatever a profile marked, so no category. */
export const DETECTOR_CATEGORIES: Readonly<Record<DetectorId, DataCategoryCode | undefined>> = {
  cpf: 'government-id',
  cnpj: 'government-id',
  rg: 'government-id',
  cnh: 'government-id',
  pis: 'government-id',
  titulo_eleitor: 'government-id',
  // The SUS card identifies a person in the health system: health data (Art. 5 II).
  cns: 'health',
  cep: 'address',
  address: 'address',
  phone: 'contact',
  email: 'contact',
  credit_card: 'financial',
  ip: 'online-identifiers',
  birth_date: 'identification',
  name: 'identification',
  sensitive_key: undefined,
};

const BASES_BY_CODE: ReadonlyMap<string, LegalBasis> = new Map(LEGAL_BASES.map((basis) => [basis.code, basis]));
const CATEGORIES_BY_CODE: ReadonlyMap<string, DataCategory> = new Map(DATA_CATEGORIES.map((category) => [category.code, category]));
const MECHANISMS_BY_CODE: ReadonlyMap<string, TransferMechanism> = new Map(TRANSFER_MECHANISMS.map((m) => [m.code, m]));

export function legalBasis(code: string): LegalBasis | undefined {
  return BASES_BY_CODE.get(code);
}

export function dataCategory(code: string): DataCategory | undefined {
  return CATEGORIES_BY_CODE.get(code);
}

export function transferMechanism(code: string): TransferMechanism | undefined {
  return MECHANISMS_BY_CODE.get(code);
}

/** The category a masking event's detector stands for, if any. */
export function categoryOfDetector(detector: string): DataCategoryCode | undefined {
  return (DETECTOR_CATEGORIES as Readonly<Record<string, DataCategoryCode | undefined>>)[detector];
}
