/**
 * Which keys name personal data: JSON keys, CSV/Markdown column headers and `key: value` pairs in
 * text all go through `classifyKey`. Keys are compared by their words, folded, so `dataNascimento`,
 * `data_nascimento`, `Data de Nascimento` and `DATA-NASCIMENTO` are one key.
 */
import type { DetectorId } from '../config.js';
import { fold } from './chars.js';

/** `document`: the detector follows the value (a CPF, a CNPJ…). `address_part`: numero/bairro beside a street. */
export type KeyDetector = DetectorId | 'document' | 'address_part';

export interface KeyClass {
  readonly detector: KeyDetector;
  /**
   * A generic key (`name`, `nome`) is used for things other than people (agents, files, tools):
   * its value is masked only when it looks like a person's name.
   */
  readonly generic: boolean;
}

/** Splits a key into folded words: `dataNascimento` → DATA, NASCIMENTO; `e-mail` → E, MAIL. */
export function keyWords(key: string): string[] {
  const spaced = key.replace(/([a-zà-ÿ0-9])([A-ZÀ-Þ])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return fold(spaced)
    .split(/[^A-Z0-9]+/)
    .filter((word) => word.length > 0);
}

/** The joined folded form used to compare a key with a profile's extra keys. */
export function keyId(key: string): string {
  return keyWords(key).join('');
}

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

const NAME_WORDS = set('NOME NOMES NAME NAMES FULLNAME FIRSTNAME LASTNAME SOBRENOME SURNAME NOMECOMPLETO GIVENNAME FAMILYNAME PRENOME');
const NAME_EXCLUDE = set(`EMPRESA COMPANY FANTASIA RAZAO FILE FILENAME ARQUIVO CLASS CLASSE HOST HOSTNAME PROJECT PROJETO PRODUTO
  PRODUCT APP BUCKET TABLE TABELA FIELD CAMPO COLUMN COLUNA SERVER SERVIDOR DOMAIN DOMINIO KEY CHAVE TYPE TIPO MODEL MODELO
  PACKAGE PACOTE METHOD METODO FUNCTION FUNCAO EVENT EVENTO CIDADE CITY ESTADO STATE BAIRRO RUA STREET PAIS COUNTRY BANCO
  BANK TAG LABEL SHEET PLANO PLAN TEAM GRUPO GROUP ROLE QUEUE TOPIC SERVICE SERVICO REPO BRANCH MODULE VAR ENV TOOL AGENT
  PROVIDER COMPONENT STEP TASK JOB WORKFLOW ORG ORGANIZATION ORGANIZACAO LOJA STORE UNIDADE DEPARTAMENTO SETOR CARGO CURSO
  DISCIPLINA ESCOLA UNIVERSIDADE HOSPITAL MEDICAMENTO REMEDIO CATEGORIA CATEGORY ITEM MARCA BRAND VARIAVEL IMAGE IMAGEM
  DATABASE DB INDEX SCHEMA CONTAINER NAMESPACE CLUSTER REGION REGIAO ZONA ZONE DEVICE DISPOSITIVO APLICACAO SISTEMA SYSTEM
  FEATURE METRIC METRICA CAMPANHA CAMPAIGN LISTA LIST PAGE PAGINA TEMPLATE USERNAME LOGIN NICKNAME SCREEN PLAYER HOTEL
  PRODUTOR FORNECEDOR SUPPLIER VENDOR PARCEIRO PARTNER BAND BANDA LIVRO BOOK FILME MOVIE MUSICA SONG ALBUM ARTIST EVENTNAME
  OPERATION ACTION STATUS ENDPOINT ROUTE ROTA PARAM PARAMETER ATTRIBUTE ATRIBUTO PROPERTY PROPRIEDADE OBJECT OBJETO RESOURCE
  RECURSO SERVICENAME PLUGIN EXTENSION EXTENSAO LANGUAGE LINGUAGEM FONT FONTE COLOR COR ICON ICONE SCREENNAME`);
/** Parents that make a generic `name` a person's: `{"cliente": {"nome": …}}`. */
const PERSON_PARENTS = set(`CLIENTE CLIENTES CUSTOMER CUSTOMERS USER USUARIO USERS USUARIOS PACIENTE PATIENT PESSOA PERSON
  PEOPLE PESSOAS TITULAR AUTHOR AUTOR CONTATO CONTACT CONTACTS CONTATOS RESPONSAVEL FUNCIONARIO FUNCIONARIOS EMPLOYEE
  EMPLOYEES ALUNO ALUNOS STUDENT STUDENTS MEMBER MEMBERS MEMBRO MEMBROS DEPENDENTE DEPENDENTES BENEFICIARIO COMPRADOR BUYER
  VENDEDOR SELLER MOTORISTA DRIVER OWNER PROPRIETARIO SOCIO SOCIOS REPRESENTANTE MAE PAI CONJUGE SPOUSE TESTEMUNHA FIADOR
  LOCATARIO LOCADOR CONTRATANTE SEGURADO SOLICITANTE REQUERENTE DESTINATARIO REMETENTE MEDICO DOCTOR PROFESSOR TEACHER
  COLABORADOR CANDIDATO CANDIDATE TITULARES HOLDER ASSINANTE SUBSCRIBER PASSAGEIRO PASSENGER HOSPEDE GUEST`);
const PERSON_QUALIFIERS = set(`COMPLETO FULL FIRST LAST CLIENTE CUSTOMER PACIENTE PATIENT PESSOA PERSON TITULAR MAE PAI SOCIAL
  CONTATO CONTACT RESPONSAVEL CONJUGE FUNCIONARIO EMPLOYEE ALUNO STUDENT MEDICO DOCTOR SOCIO DEPENDENTE BENEFICIARIO PROPRIETARIO
  OWNER GIVEN FAMILY MIDDLE MEIO SOLTEIRA COMPRADOR VENDEDOR MOTORISTA TESTEMUNHA FIADOR LOCATARIO LOCADOR CONTRATANTE
  SEGURADO SOLICITANTE DESTINATARIO REMETENTE HOLDER TITULARCARTAO CARDHOLDER ASSINANTE PASSAGEIRO HOSPEDE CANDIDATO`);
const ADDRESS_WORDS = set('ENDERECO ENDERECOS LOGRADOURO ADDRESS ADDRESSES STREET RESIDENCIA DOMICILIO ADDR ENDERECOCOMPLETO RUA');
const ADDRESS_EXCLUDE = set(`SERVER SERVIDOR BIND LISTEN WALLET CONTRACT MEMORY URL WEB HOST BASE PROXY MAC EMAIL ELETRONICO
  IP IPV4 IPV6 REMOTE LOCAL NETWORK REDE GATEWAY BROADCAST RETURN SOCKET PEER PUBLIC PRIVATE BLOCK`);
const ADDRESS_PARTS = set('NUMERO NUM NRO COMPLEMENTO COMPL BAIRRO');
const DOCUMENT_WORDS = set('DOCUMENTO DOCUMENT DOC CPFCNPJ CNPJCPF');
const PHONE_WORDS = set('TELEFONE TELEFONES TEL FONE FONES CELULAR CEL PHONE PHONES MOBILE WHATSAPP WHATS FAX TELEPHONE PHONENUMBER TELEFONECELULAR TELCEL CELL CELLPHONE');
const BIRTH_WORDS = set('NASCIMENTO NASC BIRTH BIRTHDATE BIRTHDAY DOB ANIVERSARIO DATANASCIMENTO DTNASC DTNASCIMENTO NATALICIO');
const CEP_WORDS = set('CEP ZIP ZIPCODE POSTCODE POSTAL CODIGOPOSTAL');

/** Classifies a key; `parent` is the enclosing key (JSON) when known; `extra` holds a profile's keyIds. */
export function classifyKey(key: string, parent?: string, extra?: ReadonlyMap<string, KeyClass>): KeyClass | undefined {
  // A pseudonym (NOME_3f9a2c1b) left by an earlier masking is a value, never a key.
  if (/^[A-Z_]+_[0-9a-f]{8}$/.test(key)) return undefined;
  // Documents repeat the same few keys thousands of times: remember them (per extra-key table).
  const cacheable = parent === undefined;
  let cache: Map<string, KeyClass | null> | undefined;
  if (cacheable) {
    cache = classCache.get(extra ?? NO_EXTRA);
    if (!cache || cache.size > 10_000) classCache.set(extra ?? NO_EXTRA, (cache = new Map()));
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
  }
  const words = keyWords(key);
  let result: KeyClass | undefined;
  if (words.length > 0 && words.length <= 6) {
    const joined = words.join('');
    result = extra?.get(joined) ?? classifyWords(words, joined, parent);
  }
  cache?.set(key, result ?? null);
  return result;
}

const NO_EXTRA: ReadonlyMap<string, KeyClass> = new Map();
const classCache = new WeakMap<ReadonlyMap<string, KeyClass>, Map<string, KeyClass | null>>();

function has(words: readonly string[], vocabulary: ReadonlySet<string>): boolean {
  for (const word of words) if (vocabulary.has(word)) return true;
  return false;
}

function classifyWords(words: readonly string[], joined: string, parent: string | undefined): KeyClass | undefined {
  const strong = (detector: KeyDetector): KeyClass => ({ detector, generic: false });
  const w = new Set(words);
  if (w.has('IP') || w.has('IPV4') || w.has('IPV6') || w.has('FORWARDED') || joined === 'REMOTEADDR' || joined === 'REMOTEADDRESS' || joined === 'IPADDRESS' || joined === 'IPADDR') {
    return strong('ip');
  }
  if (w.has('EMAIL') || w.has('EMAILS') || joined.startsWith('EMAIL') || (w.has('E') && w.has('MAIL')) || (w.has('MAIL') && words.length <= 2 && !w.has('SERVER') && !w.has('HOST')) || (w.has('ELETRONICO') && (w.has('ENDERECO') || w.has('CORREIO')))) {
    if (w.has('TEMPLATE') || w.has('SERVER') || w.has('HOST') || w.has('SUBJECT') || w.has('ASSUNTO') || w.has('VERIFIED') || w.has('ENABLED')) return undefined;
    return strong('email');
  }
  if ((w.has('CPF') && w.has('CNPJ')) || DOCUMENT_WORDS.has(joined) || (has(words, DOCUMENT_WORDS) && words.length <= 2 && !w.has('TYPE') && !w.has('TIPO'))) return strong('document');
  if (w.has('CPF')) return strong('cpf');
  if (w.has('CNPJ')) return strong('cnpj');
  if (w.has('RG') || w.has('IDENTIDADE') || (w.has('REGISTRO') && w.has('GERAL'))) return strong('rg');
  if (w.has('CNH') || w.has('HABILITACAO') || (w.has('DRIVER') && w.has('LICENSE')) || (w.has('CARTEIRA') && w.has('MOTORISTA'))) return strong('cnh');
  if (w.has('PIS') || w.has('PASEP') || w.has('NIS') || w.has('NIT') || joined === 'PISPASEP') return strong('pis');
  if ((w.has('TITULO') && (w.has('ELEITOR') || w.has('ELEITORAL'))) || w.has('VOTER') || (w.has('INSCRICAO') && w.has('ELEITORAL'))) return strong('titulo_eleitor');
  if (has(words, CEP_WORDS) || (w.has('CODIGO') && w.has('POSTAL'))) return strong('cep');
  if (w.has('CARTAO') || w.has('CREDITCARD') || joined === 'CARDNUMBER' || joined === 'CCNUMBER' || joined === 'PAN' || (w.has('CARD') && (w.has('NUMBER') || w.has('CREDIT') || w.has('NUM') || w.has('NO')))) {
    return strong('credit_card');
  }
  if (has(words, PHONE_WORDS)) return strong('phone');
  if (has(words, BIRTH_WORDS)) return strong('birth_date');
  if (has(words, ADDRESS_WORDS) && !has(words, ADDRESS_EXCLUDE)) return strong('address');
  if (words.length <= 2 && ADDRESS_PARTS.has(words[0] ?? '') && (words.length === 1 || !has(words, NAME_EXCLUDE))) return { detector: 'address_part', generic: false };
  if (has(words, NAME_WORDS) || joined === 'FULLNAME' || joined === 'FIRSTNAME' || joined === 'LASTNAME') {
    if (has(words, NAME_EXCLUDE)) return undefined;
    const qualified = words.some((word) => PERSON_QUALIFIERS.has(word)) || /^(FULL|FIRST|LAST|GIVEN|FAMILY)NAME$|^SOBRENOME|^NOMECOMPLETO$/.test(joined);
    const personParent = parent !== undefined && keyWords(parent).some((word) => PERSON_PARENTS.has(word));
    return { detector: 'name', generic: !qualified && !personParent };
  }
  // A key that is itself a person's role (`"cliente": "Maria Souza"`) holds a name when its value looks like one.
  if (words.length === 1 && PERSON_PARENTS.has(words[0] ?? '') && !w.has('USER') && !w.has('USERS')) return { detector: 'name', generic: true };
  return undefined;
}

/** Builds the lookup of a profile's extra keys: each classified by its own words, else `sensitive_key`. */
export function extraKeyTable(keys: readonly string[]): ReadonlyMap<string, KeyClass> {
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
