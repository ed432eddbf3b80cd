/**
 * Which keys name personal data: JSON keys, CSV/Markdown column headers and `key: value` pairs in
 * text all go through `classifyKey`. Keys are compared by their words, folded, so `dataNascimento`,
 * `data_nascimento`, `Data de Nascimento` and `DATA-NASCIMENTO` are one key.
 */
import type { DetectorId } from '../config.js';
import type { KeyRule } from '../detectors/descriptor.js';
import { DETECTORS, detector } from '../detectors/registry.js';
import { fold } from './chars.js';
import { RangeCache } from './wordTable.js';
import { PSEUDONYM_IN } from './maskOutput.js';

/** `document`: the detector follows the value (a CPF, a CNPJ…). `address_part`: numero/bairro beside a street. */
export type KeyDetector = DetectorId | 'document' | 'address_part';

export interface KeyClass {
  readonly detector: KeyDetector;
  /**
   * A generic key (`name`, `nome`) is used for things other than people (agents, files, tools):
   * its value is masked only when it looks like a person's name.
   */
  readonly generic: boolean;
  /** The key names an organisation's own contact detail (`empresa.endereco`, `telefone_empresa`): its value names no one and is left. */
  readonly organisation?: boolean;
  /** An address part under a key that names other things too (`additionalInfo`): an address only with a street's key beside it, also between quotes. */
  readonly besideStreet?: boolean;
  /** A person's role as the key (`cliente`): a value of a name's shape is a name from the first, no column needs to learn it. */
  readonly role?: boolean;
  /** A column of users (`user`, `responsavel`, `login`): a lone lower-case value is a login, someone's unless a service's. */
  readonly login?: boolean;
  /** Remembered, not named: the key held this kind before (keyMemory.ts); its values teach nothing and meet the kind's own shape. */
  readonly inferred?: boolean;
}

/** Splits a key into folded words: `dataNascimento` → DATA, NASCIMENTO; `e-mail` → E, MAIL. */
export function keyWords(key: string): string[] {
  // A space where a word starts inside the key: after a lower-case letter or digit before a
  // capital (dataNascimento), and before the last capital of a run followed by a lower-case
  // letter (CPFTitular → CPF Titular).
  let spaced = '';
  let from = 0;
  for (let i = 1; i < key.length; i++) {
    const a = key.charCodeAt(i - 1);
    const b = key.charCodeAt(i);
    const camel = (lowerOrDigit(a) && capital(b)) || (asciiUpper(a) && asciiUpper(b) && asciiLower(key.charCodeAt(i + 1)));
    if (camel) {
      spaced += `${key.slice(from, i)} `;
      from = i;
    }
  }
  const folded = fold(from === 0 ? key : spaced + key.slice(from));
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : 0;
    const keep = (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
    if (keep && start < 0) start = i;
    else if (!keep && start >= 0) {
      words.push(folded.slice(start, i));
      start = -1;
    }
  }
  return words;
}

const asciiUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const asciiLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
/** `[a-zà-ÿ0-9]` */
const lowerOrDigit = (c: number): boolean => asciiLower(c) || (c >= 0xe0 && c <= 0xff) || (c >= 0x30 && c <= 0x39);
/** `[A-ZÀ-Þ]` */
const capital = (c: number): boolean => asciiUpper(c) || (c >= 0xc0 && c <= 0xde);

/** The words that classify a key: NF-e and other Brazilian schemas prefix text fields with x (xNome, xLgr, xBairro). */
function significantWords(key: string): string[] {
  const words = keyWords(key.includes('(') ? key.replace(GENDER_MARK, '') : key);
  if (words.length === 1) return gluedWords(words[0] ?? '') ?? words;
  return words.length >= 2 && words[0] === 'X' ? words.slice(1) : words;
}

/**
 * Legacy payroll, ERP and COBOL-era systems name a field by two abbreviations glued together, in
 * one case (`numcpf`, `datnas`, `endrua`, `nomfun`, `NRPIS`): the field's kind, then what it is of.
 * Each part stands for the word the key rules know.
 */
const GLUED_KINDS: ReadonlyMap<string, string> = new Map([
  ['NUM', 'NUMERO'],
  ['NRO', 'NUMERO'],
  ['NR', 'NUMERO'],
  ['DAT', 'DATA'],
  ['DT', 'DATA'],
  ['DTA', 'DATA'],
  ['END', 'ENDERECO'],
  ['NOM', 'NOME'],
  ['NM', 'NOME'],
  ['EMA', 'EMAIL'],
]);
const GLUED_PARTS: ReadonlyMap<string, string> = new Map([
  ['NAS', 'NASCIMENTO'],
  ['NASC', 'NASCIMENTO'],
  ['RUA', 'LOGRADOURO'],
  ['LOG', 'LOGRADOURO'],
  ['LGR', 'LOGRADOURO'],
  ['NUM', 'NUMERO'],
  ['CPL', 'COMPLEMENTO'],
  ['COM', 'COMPLEMENTO'],
  ['BAI', 'BAIRRO'],
  ['CID', 'CIDADE'],
  ['MUN', 'MUNICIPIO'],
  ['FUN', 'FUNCIONARIO'],
  ['EMP', 'EMPRESA'],
  ['COL', 'COLABORADOR'],
  ['CLI', 'CLIENTE'],
  ['PAI', 'PAI'],
  ['MAE', 'MAE'],
  ['TEL', 'TELEFONE'],
  ['CEL', 'CELULAR'],
  ['PAR', 'PARTICULAR'],
  ['PES', 'PESSOAL'],
  ...['CPF', 'PIS', 'PASEP', 'NIT', 'RG', 'CNH', 'CNS', 'CEP', 'CTPS', 'CNPJ'].map((word): [string, string] => [word, word]),
]);

/** `NUMCPF` → NUMERO CPF, `DATNAS` → DATA NASCIMENTO, `ENDRUA` → ENDERECO LOGRADOURO; undefined for any other word. */
function gluedWords(word: string): string[] | undefined {
  if (word.length < 4 || word.length > 9) return undefined;
  for (let cut = 2; cut <= 3; cut++) {
    const kind = GLUED_KINDS.get(word.slice(0, cut));
    const part = kind === undefined ? undefined : GLUED_PARTS.get(word.slice(cut));
    // `nombai`, `nomcid`: a bairro's or a town's name is the bairro or the town.
    if (kind === 'NOME' && (part === 'BAIRRO' || part === 'CIDADE' || part === 'MUNICIPIO')) return [part];
    if (kind !== undefined && part !== undefined) return [kind, part];
  }
  return undefined;
}

/** A word's other gender or number in brackets (`Aluno(a)`, `SEPULTADO(A)`, `Requerente(s)`): the key is the word. */
const GENDER_MARK = /(?<=\p{L})\((?:a|o|as|os|s|es)\)/giu;

/** The joined folded form used to compare a key with a profile's extra keys. */
export function keyId(key: string): string {
  return keyWords(key).join('');
}

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

/** Words that make a `name` key something else's name: `nome_empresa`, `file_name`, `hostname`. */
const NAME_EXCLUDE = set(`EMPRESA COMPANY FANTASIA RAZAO FILE FILENAME ARQUIVO CLASS CLASSE HOST HOSTNAME PROJECT PROJETO PRODUTO
  PRODUCT APP BUCKET TABLE TABELA FIELD CAMPO COLUMN COLUNA SERVER SERVIDOR DOMAIN DOMINIO KEY CHAVE TYPE TIPO MODEL MODELO
  PACKAGE PACOTE METHOD METODO FUNCTION FUNCAO EVENT EVENTO CIDADE CITY ESTADO STATE BAIRRO RUA STREET PAIS COUNTRY BANCO
  BANK TAG LABEL SHEET PLANO PLAN TEAM GRUPO GROUP ROLE QUEUE TOPIC SERVICE SERVICO REPO BRANCH MODULE VAR ENV TOOL AGENT
  PROVIDER COMPONENT STEP TASK JOB WORKFLOW ORG ORGANIZATION ORGANIZACAO LOJA STORE UNIDADE DEPARTAMENTO SETOR CARGO CURSO
  DISCIPLINA ESCOLA UNIVERSIDADE HOSPITAL MEDICAMENTO REMEDIO CATEGORIA CATEGORY ITEM MARCA BRAND VARIAVEL IMAGE IMAGEM
  DATABASE DB INDEX SCHEMA CONTAINER NAMESPACE CLUSTER REGION REGIAO ZONA ZONE DEVICE DISPOSITIVO APLICACAO SISTEMA SYSTEM
  FEATURE METRIC METRICA CAMPANHA CAMPAIGN LISTA LIST PAGE PAGINA TEMPLATE USERNAME LOGIN SCREEN PLAYER HOTEL
  PRODUTOR FORNECEDOR SUPPLIER VENDOR PARCEIRO PARTNER BAND BANDA LIVRO BOOK FILME MOVIE MUSICA SONG ALBUM ARTIST EVENTNAME
  OPERATION ACTION STATUS ENDPOINT ROUTE ROTA PARAM PARAMETER ATTRIBUTE ATRIBUTO PROPERTY PROPRIEDADE OBJECT OBJETO RESOURCE
  RECURSO SERVICENAME PLUGIN EXTENSION EXTENSAO LANGUAGE LINGUAGEM FONT FONTE COLOR COR ICON ICONE SCREENNAME TRADE`);
/** A nickname's keys: only people have one (a file, a tool or an agent does not). */
const NICKNAME_WORDS: ReadonlySet<string> = new Set(['APELIDO', 'VULGO', 'ALCUNHA', 'NICKNAME', 'CHAMADO', 'CHAMADA', 'CHAMADE']);

/** Parents that make a generic `name` a person's: `{"cliente": {"nome": …}}`. */
const PERSON_PARENTS = set(`CLIENTE CLIENTES CUSTOMER CUSTOMERS USER USUARIO USERS USUARIOS PACIENTE PATIENT PESSOA PERSON
  PEOPLE PESSOAS TITULAR AUTHOR AUTOR CONTATO CONTACT CONTACTS CONTATOS RESPONSAVEL FUNCIONARIO FUNCIONARIOS EMPLOYEE
  EMPLOYEES ALUNO ALUNOS STUDENT STUDENTS MEMBER MEMBERS MEMBRO MEMBROS DEPENDENTE DEPENDENTES BENEFICIARIO COMPRADOR BUYER
  VENDEDOR SELLER MOTORISTA DRIVER OWNER PROPRIETARIO SOCIO SOCIOS REPRESENTANTE MAE PAI CONJUGE SPOUSE TESTEMUNHA FIADOR
  LOCATARIO LOCADOR CONTRATANTE SEGURADO SOLICITANTE REQUERENTE DESTINATARIO REMETENTE MEDICO DOCTOR PROFESSOR TEACHER
  COLABORADOR CANDIDATO CANDIDATE TITULARES HOLDER ASSINANTE SUBSCRIBER PASSAGEIRO PASSENGER HOSPEDE GUEST SEPULTADO
  SEPULTADA FALECIDO FALECIDA INUMADO INUMADA DEFUNTO DEFUNTA DECEASED REGISTRANDO REGISTRANDA ASSISTIDO ASSISTIDA ACOLHIDO
  ACOLHIDA APENADO APENADA REEDUCANDO REEDUCANDA SENTENCIADO SENTENCIADA CUSTODIADO CUSTODIADA DETENTO DETENTA PRESO PRESA
  TUTELADO TUTELADA CURATELADO CURATELADA INTERDITADO INTERDITADA GENITOR GENITORA VITIMA DECLARANTE ASSINATURA SIGNATURE`);
const PERSON_QUALIFIERS = set(`COMPLETO FULL FIRST LAST CLIENTE CUSTOMER PACIENTE PATIENT PESSOA PERSON TITULAR MAE PAI SOCIAL
  CONTATO CONTACT RESPONSAVEL CONJUGE FUNCIONARIO EMPLOYEE ALUNO STUDENT MEDICO DOCTOR SOCIO DEPENDENTE BENEFICIARIO PROPRIETARIO
  OWNER GIVEN FAMILY MIDDLE MEIO SOLTEIRA COMPRADOR VENDEDOR MOTORISTA TESTEMUNHA FIADOR LOCATARIO LOCADOR CONTRATANTE
  SEGURADO SOLICITANTE DESTINATARIO REMETENTE HOLDER TITULARCARTAO CARDHOLDER ASSINANTE PASSAGEIRO HOSPEDE CANDIDATO CIVIL
  BATISMO GUERRA SOLTEIRO ACOMPANHANTE VISITANTE MORADOR VITIMA TUTOR CURADOR GENITOR GENITORA ESPOSO ESPOSA COMPANHEIRO
  COMPANHEIRA SERVIDOR EMPREGADO COLABORADOR PROFESSOR PROFESSORA DETENTO INTERNO CUSTODIADO DECLARANTE REQUERENTE`);
/** Words that name a person's role in a key (`NOME DO SERVIDOR`, `Nome do aluno`): a field's words, never a name. */
export const PERSON_ROLE_WORDS: ReadonlySet<string> = new Set(
  [...PERSON_PARENTS, ...PERSON_QUALIFIERS].flatMap((word) => [word, word.replace(/O$/, 'A').replace(/OR$/, 'ORA')]),
);
/** Keys whose value is a town, a district or a state: its words are a place, never a person's name. */
const PLACE_KEY_WORDS = set(
  'CIDADE CIDADES MUNICIPIO MUNICIPIOS MUN NATURALIDADE LOCALIDADE CITY TOWN COMARCA ESTADO UF STATE ORT01 GBORT',
);

/** A test of a key's words (one to four of them), remembered per key: documents repeat their keys. */
export function keyWordTest(test: (words: readonly string[], key: string) => boolean): (key: string) => boolean {
  const cache = new Map<string, boolean>();
  return (key) => {
    let known = cache.get(key);
    if (known === undefined) {
      const words = significantWords(key);
      known = words.length > 0 && words.length <= 4 && test(words, key);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, known);
    }
    return known;
  };
}

/** A value's key in a name/value pair: the value's meaning is its sibling's (`{"field_name": "CNH", "values": [{"value": …}]}`). */
const PAIR_VALUE_WORDS = set('VALUE VALUES VAL VALOR VALORES ANSWER ANSWERS RESPOSTA RESPOSTAS');
/** What the pair's naming key may qualify (`field_name`, `nome_campo`, `fieldLabel`). */
const PAIR_QUALIFIERS = set('FIELD CAMPO ATTRIBUTE ATRIBUTO PROPERTY PROPRIEDADE NOME DISPLAY');
const PAIR_NAME_WORDS = set('NAME LABEL FIELD KEY CAMPO ATTRIBUTE ATRIBUTO TITLE TITULO PERGUNTA QUESTION PROPERTY PROPRIEDADE ROTULO');

/** A test of a pair's key: one word of `vocabulary`, alone or after one of PAIR_QUALIFIERS (`field_name`, `field_value`). */
function pairKeyTest(vocabulary: ReadonlySet<string>): (key: string) => boolean {
  return keyWordTest(
    (words) =>
      words.length <= 2 && vocabulary.has(words[words.length - 1] ?? '') && (words.length === 1 || PAIR_QUALIFIERS.has(words[0] ?? '')),
  );
}

/** Whether `key` holds the value of a name/value pair (`value`, `valor`, `field_value`, `resposta`). */
export const pairValueKey = pairKeyTest(PAIR_VALUE_WORDS);

/** Whether `key` names the value of a name/value pair (`name`, `label`, `field_name`, `campo`, `pergunta`). */
export const pairNameKey = pairKeyTest(PAIR_NAME_WORDS);

/** Whether `key` names a place (`cidade`, `municipioNascimento`, `xMun`) and no personal datum. */
export const placeKey = keyWordTest((words, key) => has(words, PLACE_KEY_WORDS) && classifyKey(key) === undefined);

/** Keys whose value is a machine of the system itself (a database host, an upstream), not a user's address. */
const SERVER_KEY_WORDS = set('HOST HOSTNAME SERVER SERVIDOR DB DATABASE UPSTREAM PROXY DNS NAMESERVER BIND LISTEN REDIS BROKER BACKEND');
/** …unless the key says the machine is a client's: `remote_host`, `client_server`. */
const CLIENT_KEY_WORDS = set('REMOTE CLIENT CLIENTE USER USUARIO PEER SOURCE ORIGEM FORWARDED REAL VISITOR');

/**
 * Whether `key` names one of the system's own machines (`host`, `db_host`, `upstream`, and the
 * environment's joined `PGHOST`, `SMTPHOST`), so an IP under it is no person's.
 */
export const serverKey = keyWordTest((words) => (has(words, SERVER_KEY_WORDS) || words.some(joinedHost)) && !has(words, CLIENT_KEY_WORDS));

/** `PGHOST`, `SMTPHOST`: a host's word joined to what runs there; `REMOTEHOST`, `CLIENTHOST` are a client's. */
function joinedHost(word: string): boolean {
  return word.length > 4 && word.endsWith('HOST') && ![...CLIENT_KEY_WORDS].some((client) => word.startsWith(client));
}

/** A system's own user, whose values are accounts more often than people. */
const ACCOUNT_KEY_WORDS = set('USER USUARIO LOGIN USERNAME ACCOUNT CONTA');

/**
 * Whether `key` names a firm, a place, a product, a server or an account: what it holds is a
 * look-alike of a person's data even when a value reads as one, so it teaches the memory nothing.
 */
export const nonPersonalKey = keyWordTest(
  (words) => has(words, NAME_EXCLUDE) || has(words, PLACE_KEY_WORDS) || has(words, SERVER_KEY_WORDS) || has(words, ACCOUNT_KEY_WORDS),
);

/** Words of a column that says whether a record is a person or a company (`A1_PESSOA`, `tipo_pessoa`, `PF/PJ`). */
const PARTY_KIND_WORDS = set('PESSOA PERSON PF PJ');
const KIND_WORDS = set('TIPO TP TYPE KIND NATUREZA PF PJ');

/**
 * Whether `key` names a record's kind of party (`A1_PESSOA`, `tipo_pessoa`, `PF/PJ`, `person_type`):
 * its value (F/J, PF/PJ, física/jurídica) says whose the record's contact details are.
 */
export const partyKindKey = keyWordTest((words) => {
  const own = words.length === 2 && /^[A-Z][A-Z0-9]$/.test(words[0] ?? '') ? words.slice(1) : words;
  return own.length <= 3 && has(own, PARTY_KIND_WORDS) && (own.length === 1 || has(own, KIND_WORDS));
});

/** Words that name the street itself in an address key (`endereco_cidade` still holds a street). */
const STREET_KEY_WORDS = set('ENDERECO END LOGRADOURO LOGRAD RUA STREET ADDRESS LGR');

/** numero/complemento/bairro: parts of an address, personal only beside a street (SAP HCM: `HSNMR`, `POSTA` the flat, `ORT02` the district). */
const ADDRESS_PARTS = set(
  'NUMERO NUM NRO COMPLEMENTO COMPL CPL BAIRRO NUMBER COMPLEMENT NEIGHBORHOOD NEIGHBOURHOOD DISTRICT APARTAMENTO APARTMENT HSNMR POSTA ORT02',
);
/** Words before an address's part that say which address it is (`ref_bairro`, `entrega_numero`, `end_compl`). */
const ADDRESS_OWNERS = set(
  'REF RES RESIDENCIA RESIDENCIAL ENTREGA COBRANCA CORRESPONDENCIA END ENDERECO ADDR ADDRESS HOME SHIPPING BILLING',
);
/** Generic keys that hold an address's complement in Open Finance, shop and ISO 20022 messages (`additionalInfo`, `line2`, `Flr`), and other things elsewhere. */
const LOOSE_ADDRESS_PARTS = set(
  // ISO 20022's building number and name, floor and district (`<BldgNb>`, `<Flr>`, `<DstrctNm>`) beside its `<StrtNm>`.
  'ADDITIONALINFO ADDITIONALINFORMATION LINE2 INFOADICIONAL INFORMACAOADICIONAL INFORMACOESADICIONAIS BLDGNB BLDGNM FLR DSTRCTNM ' +
    // A town's part an address names after its street (`distrito: 'Tuiuty'`; ViaCEP's `localidade` is the town).
    'DISTRITO POVOADO',
);
const LOOSE_PART: KeyClass = { detector: 'address_part', generic: false, besideStreet: true };
/** A town's parts below the municipality, named beside a bairro (`Bairro/Localidade`). */
const TOWN_PARTS = set('LOCALIDADE DISTRITO POVOADO COMUNIDADE');
/** A document whose kind the value decides (a CPF or a CNPJ; `CGC` is the CNPJ's old name, TOTVS's `A1_CGC` holds either, SAP's customer master `STCD1` and `STCD2` the CNPJ and the CPF). */
const DOCUMENT_WORDS = set('DOCUMENTO DOCUMENT DOC CPFCNPJ CNPJCPF CGC CGCCPF STCD1 STCD2');

/** Classifies a key; `parent` is the enclosing key (JSON) when known; `extra` holds a profile's keyIds. */
export function classifyKey(key: string, parent?: string, extra?: ReadonlyMap<string, KeyClass>): KeyClass | undefined {
  // Documents repeat the same few keys thousands of times: remember them (per extra-key table).
  let cache = classCache.get(extra ?? NO_EXTRA);
  if (!cache || cache.size > 10_000) classCache.set(extra ?? NO_EXTRA, (cache = new Map()));
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = classifyUncached(key, extra);
    cache.set(key, entry);
  }
  // Only a generic `name` depends on the parent: under `cliente`, `paciente`… it is a person's;
  // and a contact under `empresa`, `emitente`… is the organisation's own.
  if (parent === undefined) return entry.kc;
  if (entry.parentMakesPerson && personParent(parent)) return PERSON_NAME;
  const kc = entry.kc;
  // FHIR's `"name": [{"text": …}]`, SCIM's `"name": {"formatted": …}`: a name given as an object (its parts
  // beside) is a person's; a firm's or a body's name is a string.
  if (entry.wholeName && classifyKey(parent)?.detector === 'name') return PERSON_NAME;
  return kc !== undefined && !kc.organisation && CONTACT_DETECTORS.has(kc.detector) && orgParent(parent) ? organisations(kc) : kc;
}

/** Keys that hold a whole name inside a name's object (FHIR HumanName, SCIM, vCard in JSON). */
const NAME_WHOLE_KEYS: ReadonlySet<string> = new Set(['TEXT', 'FORMATTED', 'FULL', 'DISPLAY', 'FULLNAME', 'DISPLAYNAME']);

/** Whether a parent key names an organisation (`empresa`, `emitente`, `dadosEmpregador`). */
const orgParent = keyWordTest((words) => has(words, ORG_OWNER_WORDS));
const ORGANISATION_CLASSES = new Map<KeyDetector, KeyClass>();
/** The organisation's form of a contact class, one object per detector. */
function organisations(kc: KeyClass): KeyClass {
  let own = ORGANISATION_CLASSES.get(kc.detector);
  if (own === undefined) ORGANISATION_CLASSES.set(kc.detector, (own = { ...kc, organisation: true }));
  return own;
}

/** `classifyKey(text.slice(s, e), undefined, extra)`, without the slice when the key was seen before. */
export function classifyKeyAt(text: string, s: number, e: number, extra?: ReadonlyMap<string, KeyClass>): KeyClass | undefined {
  let cache = rangeCaches.get(extra ?? NO_EXTRA);
  if (!cache) rangeCaches.set(extra ?? NO_EXTRA, (cache = new RangeCache<KeyClass | null>(4096)));
  const hit = cache.get(text, s, e);
  if (hit !== undefined) return hit ?? undefined;
  const key = text.slice(s, e);
  const kc = classifyKey(key, undefined, extra);
  cache.set(key, kc ?? null);
  return kc;
}

interface KeyEntry {
  /** The class without a parent. */
  readonly kc: KeyClass | undefined;
  /** A person-role parent turns it into a person's name. */
  readonly parentMakesPerson: boolean;
  /** Unclassified alone, it holds a whole name under a name's object (NAME_WHOLE_KEYS). */
  readonly wholeName?: boolean;
}

const PERSON_NAME: KeyClass = { detector: 'name', generic: false };
/** A person's role as the key (`cliente`, `requerente`, `testemunha`): a firm may hold it too, so only a name's shape is a name. */
const ROLE_NAME: KeyClass = { detector: 'name', generic: true, role: true };
const NO_EXTRA: ReadonlyMap<string, KeyClass> = new Map();
const classCache = new WeakMap<ReadonlyMap<string, KeyClass>, Map<string, KeyEntry>>();
const rangeCaches = new WeakMap<ReadonlyMap<string, KeyClass>, RangeCache<KeyClass | null>>();
const parentCache = new Map<string, boolean>();

function classifyUncached(key: string, extra: ReadonlyMap<string, KeyClass> | undefined): KeyEntry {
  // A pseudonym (NOME_3f9a2c1b) left by an earlier masking is a value, never a key.
  if (PSEUDONYM_IN.test(key)) return { kc: undefined, parentMakesPerson: false };
  const words = significantWords(key);
  if (words.length === 0 || words.length > 6) return { kc: undefined, parentMakesPerson: false };
  const joined = words.join('');
  const fromExtra = extra?.get(joined);
  if (fromExtra) return { kc: fromExtra, parentMakesPerson: false };
  if (networkNumberKey(words)) return { kc: organisations(STRONG_PHONE), parentMakesPerson: false };
  const kc = ownContact(classifyWords(words, joined, undefined), words);
  // `serverIPAddress`, `host_ip`: the system's own machine, no one's address (ip.ts leaves it).
  if (kc?.detector === 'ip' && has(words, SERVER_KEY_WORDS) && !has(words, CLIENT_KEY_WORDS))
    return { kc: undefined, parentMakesPerson: false };
  // A generic class from the name-word branch is the one a parent can change (see classifyWords).
  return {
    kc,
    parentMakesPerson: kc?.generic === true && isNameKey(words, joined),
    wholeName: kc === undefined && NAME_WHOLE_KEYS.has(joined),
  };
}

/** Words that make a contact key an organisation's: `endereco_empresa`, `app.empresa.endereco`, `telefoneEmpregador`. */
const ORG_OWNER_WORDS = set(`EMPRESA COMPANY EMITENTE PRESTADOR ESTABELECIMENTO LOJA FILIAL MATRIZ SEDE FORNECEDOR SUPPLIER
  VENDOR ORGANIZACAO ORGANIZATION EMPREGADOR EMPLOYER INSTITUTION INSTITUICAO
  HOSPITAL HEMOCENTRO CLINICA CLINIC LABORATORIO FARMACIA ESCOLA SCHOOL FACULDADE UNIVERSIDADE CARTORIO PREFEITURA
  SECRETARIA FORUM TRIBUNAL SINDICATO ASSOCIACAO COOPERATIVA PAROQUIA UBS CRAS CREAS CAPS AGENCIA`);
const CONTACT_DETECTORS: ReadonlySet<KeyDetector> = new Set(['address', 'address_part', 'cep', 'phone']);

const STRONG_PHONE: KeyClass = { detector: 'phone', generic: false };

/** A carrier's message centre (`service_center`, `smsc` in an SMS backup): the network's number, no one's. */
function networkNumberKey(words: readonly string[]): boolean {
  return words.includes('SMSC') || (words.includes('SERVICE') && (words.includes('CENTER') || words.includes('CENTRE')));
}

/** `kc`, marked as an organisation's own contact when the key's words say whose it is. */
function ownContact(kc: KeyClass | undefined, words: readonly string[]): KeyClass | undefined {
  return kc !== undefined && CONTACT_DETECTORS.has(kc.detector) && has(words, ORG_OWNER_WORDS) ? organisations(kc) : kc;
}

function isNameKey(words: readonly string[], joined: string): boolean {
  return ruleMatches(NAME_RULE, words, joined);
}

function personParent(parent: string): boolean {
  let known = parentCache.get(parent);
  if (known === undefined) {
    if (parentCache.size > 10_000) parentCache.clear();
    known = keyWords(parent).some((word) => PERSON_PARENTS.has(word));
    parentCache.set(parent, known);
  }
  return known;
}

function has(words: readonly string[], vocabulary: ReadonlySet<string> | readonly string[]): boolean {
  const known = (word: string): boolean =>
    vocabulary instanceof Set ? vocabulary.has(word) : (vocabulary as readonly string[]).includes(word);
  for (const word of words) if (known(word)) return true;
  return false;
}

/** Whether a key's words match a descriptor's key rule (see KeyRule). */
function ruleMatches(rule: KeyRule, words: readonly string[], joined: string): boolean {
  if (rule.unless && has(words, rule.unless)) return false;
  if (rule.words && has(words, rule.words)) return true;
  if (rule.joined?.includes(joined)) return true;
  if (rule.prefixes?.some((prefix) => joined.startsWith(prefix))) return true;
  if (rule.pairs?.some(([a, b]) => words.includes(a) && words.includes(b))) return true;
  return words.length <= 2 && rule.short !== undefined && has(words, rule.short);
}

const NAME_RULE: KeyRule = detector('name').keys ?? {};
/** Detectors classified by their key rule alone, in registry order; names come last (their keys are generic). */
const KEYED = DETECTORS.filter((d) => d.keys !== undefined && d.id !== 'name').map((d) => ({ id: d.id, rule: d.keys! }));

function classifyWords(words: readonly string[], joined: string, parent: string | undefined): KeyClass | undefined {
  const strong = (detector: KeyDetector): KeyClass => ({ detector, generic: false });
  if (
    (words.includes('CPF') && words.includes('CNPJ')) ||
    DOCUMENT_WORDS.has(joined) ||
    (has(words, DOCUMENT_WORDS) && words.length <= 2 && !words.includes('TYPE') && !words.includes('TIPO'))
  )
    return strong('document');
  // Whose or which address the part is of: `ref_bairro`, `paciente_endereco_numero`, `entrega_complemento`.
  if (
    words.length >= 2 &&
    words.length <= 3 &&
    ADDRESS_PARTS.has(words[words.length - 1] ?? '') &&
    words.slice(0, -1).every((word) => ADDRESS_OWNERS.has(word) || PERSON_PARENTS.has(word))
  )
    return strong('address_part');
  for (const { id, rule } of KEYED) {
    if (!ruleMatches(rule, words, joined)) continue;
    // `Município de residência`, `cidade_residencia`: the town someone lives in is a place, not their address.
    if (id === 'address' && has(words, PLACE_KEY_WORDS) && !has(words, STREET_KEY_WORDS)) return undefined;
    return strong(id);
  }
  if (LOOSE_ADDRESS_PARTS.has(joined)) return LOOSE_PART;
  // `Bairro/Localidade`, `Bairro / Distrito`: a town's part named with the bairro is the address's too.
  if (
    words.length <= 2 &&
    ADDRESS_PARTS.has(words[0] ?? '') &&
    (words.length === 1 || !has(words, NAME_EXCLUDE) || TOWN_PARTS.has(words[1] ?? ''))
  )
    return { detector: 'address_part', generic: false };
  // A table's alias before the field (TOTVS `A1_BAIRRO`, `RA_NUMERO`).
  if (words.length === 2 && /^[A-Z][A-Z0-9]$/.test(words[0] ?? '') && ADDRESS_PARTS.has(words[1] ?? ''))
    return { detector: 'address_part', generic: false };

  if (isNameKey(words, joined)) {
    if (has(words, NAME_EXCLUDE)) return undefined;
    const qualified =
      words.some((word) => PERSON_QUALIFIERS.has(word) || NICKNAME_WORDS.has(word)) ||
      /^(FULL|FIRST|LAST|GIVEN|FAMILY)NAME$|^SOBRENOME|^NOMECOMPLETO$|^(NACHN|VORNA|RUFNM|NACHNAME|VORNAME)$/.test(joined);
    return { detector: 'name', generic: !qualified && !(parent !== undefined && personParent(parent)) };
  }
  // A key that is itself a person's role (`"cliente": "Maria Souza"`) holds a name when its value looks like one.
  if (words.length === 1 && PERSON_PARENTS.has(words[0] ?? '') && !words.includes('USER') && !words.includes('USERS')) return ROLE_NAME;
  return undefined;
}

/**
 * Every word and joined form a key rule answers to (exclusions only ever take a class away). A
 * key with none of them, whose joined form is no profile extra key, classifies as nothing:
 * `mayClassify` lets the scanner skip most multi-word label candidates in prose without
 * building them.
 */
const RULES = DETECTORS.flatMap((d) => (d.keys ? [d.keys] : []));
const POSITIVE_WORDS: ReadonlySet<string> = new Set([
  ...RULES.flatMap((rule) => [...(rule.words ?? []), ...(rule.short ?? []), ...(rule.pairs ?? []).flat()]),
  'CPF',
  'CNPJ',
  ...DOCUMENT_WORDS,
  ...ADDRESS_PARTS,
  ...PERSON_PARENTS,
]);
const POSITIVE_JOINED: ReadonlySet<string> = new Set([
  ...RULES.flatMap((rule) => rule.joined ?? []),
  ...DOCUMENT_WORDS,
  ...LOOSE_ADDRESS_PARTS,
]);
const POSITIVE_PREFIXES: readonly string[] = RULES.flatMap((rule) => rule.prefixes ?? []);

const LONGEST_POSITIVE_JOINED = Math.max(...[...POSITIVE_JOINED].map((joined) => joined.length));

export interface KeyWordFacts {
  /** One of the key words is in POSITIVE_WORDS. */
  readonly positive: boolean;
  /** The key words joined (`keyId`). */
  readonly joined: string;
}

const factsCache = new RangeCache<KeyWordFacts>(4096);

/** `keyWords(text.slice(s, e))` summed up for `mayClassify` (remembered: prose repeats its words). */
export function keyWordFacts(text: string, s: number, e: number): KeyWordFacts {
  let facts = factsCache.get(text, s, e);
  if (!facts) {
    const raw = text.slice(s, e);
    const words = significantWords(raw);
    facts = { positive: words.some((word) => POSITIVE_WORDS.has(word)), joined: words.join('') };
    factsCache.set(raw, facts);
  }
  return facts;
}

function positiveJoined(form: string, extra: ReadonlyMap<string, KeyClass> | undefined): boolean {
  for (const prefix of POSITIVE_PREFIXES) if (form.startsWith(prefix)) return true;
  if (form.length <= LONGEST_POSITIVE_JOINED && POSITIVE_JOINED.has(form)) return true;
  return extra !== undefined && extra.size > 0 && extra.has(form);
}

/** False only when a key with these facts certainly classifies as nothing (see POSITIVE_WORDS). */
export function mayClassify(positive: boolean, joined: string, extra?: ReadonlyMap<string, KeyClass>): boolean {
  if (positive) return true;
  // Without the x prefix of NF-e fields (xNome) as well.
  return positiveJoined(joined, extra) || (joined.charCodeAt(0) === 0x58 && positiveJoined(joined.slice(1), extra));
}

/**
 * Tables already built, by their key list. The key caches (classCache, rangeCaches) are keyed by
 * the table's identity, so a masker made afresh with the same keys finds them warm instead of
 * classifying every key of every document again.
 */
const extraTables = new Map<string, ReadonlyMap<string, KeyClass>>();
const EXTRA_TABLES_LIMIT = 64;

/** Builds the lookup of a profile's extra keys: each classified by its own words, else `sensitive_key`. */
export function extraKeyTable(keys: readonly string[]): ReadonlyMap<string, KeyClass> {
  const id = keys.join('\u0000');
  let table = extraTables.get(id);
  if (table === undefined) {
    if (extraTables.size >= EXTRA_TABLES_LIMIT) extraTables.clear();
    extraTables.set(id, (table = buildExtraKeyTable(keys)));
  }
  return table;
}

function buildExtraKeyTable(keys: readonly string[]): ReadonlyMap<string, KeyClass> {
  const table = new Map<string, KeyClass>();
  for (const key of keys) {
    const words = keyWords(key);
    if (words.length === 0) continue;
    const joined = words.join('');
    const known = classifyWords(words, joined, undefined);
    table.set(joined, known ? { detector: known.detector, generic: false } : { detector: 'sensitive_key', generic: false });
  }
  return table;
}

/** The names serialisations give a value's type when they wrap it: Avro's, DynamoDB's, Firestore's and protobuf's Value. */
const TYPE_WRAPPERS: ReadonlySet<string> = new Set(
  `string int long float double boolean bytes S N B BOOL stringValue integerValue doubleValue timestampValue booleanValue
  bytesValue`.split(/\s+/),
);
/** An Avro record's full name used as a union's branch (`br.gov.pesca.Endereco`). */
const NAMESPACED_TYPE = /^[a-z]\w*(?:\.\w+)+$/;

/** Whether `key` only names the type of the value it wraps (`{"string": "…"}`, `{"S": "…"}`): the value is its parent key's. */
export function typeWrapperKey(key: string): boolean {
  return TYPE_WRAPPERS.has(key) || NAMESPACED_TYPE.test(key);
}
