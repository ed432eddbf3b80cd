/**
 * What around a chain of capitalised words says it is a person, by the grammar of labels and
 * headers rather than by a list of roles: an agent noun before a colon (`Vistoriador:`,
 * `Acompanhante:`, `Motorista:`, `Relator(a):`), a participle before `por` (`Elaborado por`,
 * `Conferido por:`, `Reviewed by`), a personal mailbox after it (`Benki Piyãko <bp@…>`), or a
 * chat export's speaker position (`[04/12 20:03] Kaeteh Baniwa:`). A list of roles never ends;
 * the suffixes that make them do.
 */
import { LOOK_BEHIND } from '../behind.js';
import { fold } from '../chars.js';
import type { Scan } from '../scanner.js';
import { deskMailbox } from './orgContact.js';

const SPACE = 0x20;
const TAB = 0x09;

/** A stand-in for a person (`Fulano de Tal`) or a form's word for "none" (`Nome do pai: Ignorado`, `Não declarado`). */
const PLACEHOLDER_NAMES = new Set(
  `FULANO FULANA BELTRANO BELTRANA SICRANO SICRANA NAO IGNORADO IGNORADA DESCONHECIDO DESCONHECIDA FALECIDO FALECIDA
  PENDENTE AUSENTE SIGILOSO SIGILOSA NENHUM NENHUMA INEXISTENTE CONFORME ANONIMO ANONIMA ANONYMOUS`.split(/\s+/),
);

/** Whether a folded word stands for no one (`FULANO`, `IGNORADO`, `ANONIMO`). */
export function placeholderName(folded: string): boolean {
  return PLACEHOLDER_NAMES.has(folded);
}

/** A dependant's relation to the person listed (`filho`, `esposa`, `enteada`). */
const KIN_RELATION = 'filh[oa]|espos[oa]|marido|c[oô]njuge|companheir[oa]|entead[oa]|net[oa]|dependente';
/** The relation between a dependant's name and their date in a family's list (`Iryna Chomiak   filha   08-12-2019`, `Josué, companheiro, 02/03/1981`). */
export const KIN_GAP = new RegExp(`^(?: +(?:[—–-] +)?|, ?)(?:${KIN_RELATION})(?: +[—–-] +| +|, ?)$`, 'i');
/** Any relation in brackets after a person's name, then their date (`Esperança Nsimba (mãe), 02/03/1968`, `(filha)     27/11/1984`). */
export const BRACKETED_KIN_GAP = new RegExp(
  `^ \\((?:${KIN_RELATION}|m[aã]e|pai|irm[aã]o?|av[oóô]|bisav[oóô]|ti[oa]|sobrinh[oa]|prim[oa]|genro|nora|sogr[oa]|cunhad[oa]|madrasta|padrasto)(?:,[^)\\n]{0,24})?\\)(?:,? | {2,}| [—–-] )$`,
  'i',
);
/**
 * A dependant's relation in the next column of a family's list, then a date or a year
 * (`Bohdan Chomiak        filho    2015`, `Eulogia Mamani — filha — DN 09/06/2018`).
 */
export const KIN_COLUMN_AFTER = new RegExp(
  `^(?: {2,}| [—–-] )(?:${KIN_RELATION})(?: {2,}| [—–-] )(?:DN |nasc\\.? )?(?:\\d{4}\\b|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4})`,
  'iu',
);

/** A relative's word before a name, with only the name (and the years of relatives listed before it) between. */
const KIN_BEFORE_NAME =
  /\b(?:filh[oa]s?|net[oa]s?|bisnet[oa]s?|sobrinh[oa]s?|irm[ãa]os?|irmãs?|prim[oa]s?|entead[oa]s?|caçula|dependentes?)\b:?(?:[^.;:\n()]|\(\d{4}\))+$/i;

/** Whether a list of relatives (`Filhos: Wisly (2015), …`) runs up to the name that ends at `nameEnd`. */
export function kinListBefore(text: string, nameEnd: number): boolean {
  return KIN_BEFORE_NAME.test(text.slice(Math.max(0, nameEnd - LOOK_BEHIND), nameEnd));
}

/** Agent nouns (-dor, -nte, -ista) that name things, not people: `Navegador: Chrome`, `Ambiente: Produção`. */
const THINGS = new Set(
  `COMPUTADOR NAVEGADOR INDICADOR OPERADOR OPERADORA PROVEDOR PROCESSADOR GERADOR MONITOR CONTADOR ACUMULADOR
  ADAPTADOR CONECTOR REGULADOR SENSOR MOTOR ROTEADOR CARREGADOR MARCADOR SEPARADOR DISTRIBUIDOR DISTRIBUIDORA
  FORNECEDOR FORNECEDORA TRANSPORTADOR TRANSPORTADORA ADMINISTRADORA INCORPORADORA CONSTRUTORA SEGURADORA
  CREDENCIADORA EMISSORA PRESTADORA EXPORTADORA IMPORTADORA PRODUTORA EDITORA GRAVADORA LOCADORA
  FINANCIADORA MANTENEDORA PATROCINADOR PATROCINADORA ORGANIZADOR ORGANIZADORA ELEVADOR VENTILADOR
  AMBIENTE RESTAURANTE COMPONENTE EXPEDIENTE CONTINENTE VOLANTE PENDENTE CORRENTE REMANESCENTE SEMENTE
  INGREDIENTE INSTANTE MONTANTE RESTANTE CONSTANTE VIGENTE PARTE FRENTE DENTE PONTE GENTE MENTE
  APARENTE IMPORTANTE URGENTE EQUIVALENTE PRESENTE AUSENTE CLIENTE DOCUMENTE CONTRIBUINTE ESTABELECIMENTE
  LISTA PISTA REVISTA VISTA ENTREVISTA CONQUISTA PREVISTA AUTOPISTA SETOR SETORES SUBSETOR VETOR FATOR REATOR
  EDITOR EDITORA COLETOR DETECTOR PROJETOR EXTINTOR INTERRUPTOR TRATOR DISJUNTOR CONDUTORES ESTRUTURA`.split(/\s+/),
);

/** People's roles of no productive suffix, weak on their own: a name after them needs two words. */
const ROLES = new Set(
  `CONTATO CONTACT EMERGENCIA COZINHEIRO COZINHEIRA PEDREIRO BOMBEIRO PORTEIRO PORTEIRA CARTEIRO MARCENEIRO
  FAZENDEIRO FAZENDEIRA ENGENHEIRO ENGENHEIRA PARTEIRA DIARISTA BABA MAE PAI PACIENTE ESTAGIARIO ESTAGIARIA
  MONITORA PRECEPTORA ORIENTANDO ORIENTANDA ALUNO ALUNA PROFISSIONAL ENTREVISTADO ENTREVISTADA PERSON OWNER
  AUTHOR AUTHORS REVIEWER REVIEWERS ASSIGNEE REPORTER APPROVER SIGNER SIGNATORY INTERPRETE INTERPRETES PADRINHO MADRINHA
  VIZINHO VIZINHA NOIVO NOIVA GUIA`.split(/\s+/),
);

export function agentNoun(word: string): boolean {
  if (word.length < 5 || THINGS.has(word)) return false;
  return /(?:DOR|DORA|DORES|DORAS|TOR|TORA|TORES|TORAS|SSOR|SSORA|NTE|NTES|ISTA|ISTAS)$/.test(word) || ROLES.has(word);
}

/** A label ending at `i` (spaces after the colon), its agent noun first: `Vistoriador:`, `Relator(a):`, `Motorista/as:`, `Intérprete (crioulo haitiano):`. */
const LABEL_BEFORE = /(\p{L}+)(?:\s?\((?:a|as|o|os|s|es)\)|\/as?)?(?:\s?\([^()\n]{1,30}\))?\s?:[ \t]{0,3}$/u;
/** An agent noun and one word that qualifies it before the colon (`Intérprete voluntária:`, `Técnico responsável:`). */
const QUALIFIED_LABEL_BEFORE = /(\p{L}+) \p{Ll}{4,}\s?:[ \t]{0,3}$/u;
/**
 * `Elaborado por`, `conferida por:`, `Reviewed by:`, `Recebido na FCH por:` ending at `i`; with a colon,
 * `Conferido pelo escritório:`, `indicado pela SESAI:`.
 */
const AGENT_BEFORE =
  /(\p{L}+)\s+(?:(?:(?:n[ao]s?|em|d[aeo]s?)\s+[\p{L}.]{1,20}\s+)?(?:por|by)\s?:?|pel[oa]s?\s+[\p{L}.]{1,20}\s?:)[ \t]{0,3}$/iu;
const PARTICIPLE = /(?:ADO|IDO|ADA|IDA|ADOS|IDOS|ADAS|IDAS|ED)$/;

/**
 * Whether a label just before `i`, on its line, says a person's name follows. Reads only the
 * text a stream keeps behind its window, so a stream decides as the whole text does.
 */
export function roleLabelBefore(scan: Scan, i: number): boolean {
  const text = scan.text;
  // Most chains follow neither a colon nor `por`/`by`: a glance at the character before says so.
  let p = i;
  while (p > 0 && i - p < 4 && (text.charCodeAt(p - 1) === SPACE || text.charCodeAt(p - 1) === TAB)) p--;
  const c = text.charCodeAt(p - 1) | 0x20;
  if (c !== 0x3a && c !== 0x72 && c !== 0x79) return false;
  let from = i;
  while (from > 0 && i - from < 48 && text.charCodeAt(from - 1) !== 0x0a) from--;
  const line = text.slice(from, i);
  const agent = AGENT_BEFORE.exec(line);
  if (agent?.[1] !== undefined) return agent[1].length >= 5 && PARTICIPLE.test(fold(agent[1]));
  const label = LABEL_BEFORE.exec(line);
  if (label?.[1] !== undefined && agentNoun(fold(label[1]))) return true;
  const qualified = QUALIFIED_LABEL_BEFORE.exec(line);
  return qualified?.[1] !== undefined && agentNoun(fold(qualified[1]));
}

/** ` <ana.p@host.com.br>`: a mailbox in angle brackets, as mail headers, commits and package manifests write a person's. */
const MAILBOX_AFTER = /^ {1,2}<([^\s<>@]{1,64}@[^\s<>@]{3,255})>/;

/**
 * Whether a personal mailbox in angle brackets follows `e` (`De: Benki Piyãko <bp@…>`); a desk's or
 * a machine's (`Equipe Suporte <suporte@…>`, `Sistema SEI <naoresponda@…>`) says nothing.
 * Read through `at`, so a stream waits for the mailbox.
 */
export function mailboxAfter(scan: Scan, e: number): boolean {
  if (scan.at(e) !== 0x20) return false;
  let close = e + 1;
  while (close - e < 300 && scan.at(close) >= 0 && scan.at(close) !== 0x3e && scan.at(close) !== 0x0a) close++;
  const m = MAILBOX_AFTER.exec(scan.text.slice(e, close + 1));
  return m?.[1] !== undefined && !deskMailbox(m[1]);
}

/**
 * A chat export's line head before its speaker: a timestamp in brackets (`[04/12/2026 20:03] `,
 * `[20:03] `), WhatsApp's `04/12/2026 20:03 - `, or IRC's `20:03 <`.
 */
const SPEAKER_HEAD =
  /^(?:\[[^\]\n]{0,30}\d:\d\d[^\]\n]{0,12}\] ?<?|\d{1,2}\/\d{1,2}\/\d{2,4},? \d{1,2}:\d\d(?::\d\d)?(?: ?[AaPp][Mm])? ?[-–] |\d{1,2}:\d\d(?::\d\d)? <)$/;

/** Whether `i` is where a chat export's line puts its speaker (read back within the line, as a stream keeps it). */
export function speakerAt(scan: Scan, i: number): boolean {
  const text = scan.text;
  const c = text.charCodeAt(i - 1);
  const b = text.charCodeAt(i - 2);
  // Every head ends `] `, `- `, `– `, `] <` or ` <`: most words follow none of them.
  if (c === SPACE ? b !== 0x5d && b !== 0x2d && b !== 0x2013 : c !== 0x3c || (b !== SPACE && b !== 0x5d)) return false;
  // Every head holds a time (`20:03`): without a colon on the line before `i`, no regular expression.
  let from = i - 1;
  let colon = false;
  while (from > 0 && i - from < 48 && text.charCodeAt(from - 1) !== 0x0a) if (text.charCodeAt(--from) === 0x3a) colon = true;
  if (!colon || (from > 0 && text.charCodeAt(from - 1) !== 0x0a)) return false;
  return SPEAKER_HEAD.test(text.slice(from, i));
}

/**
 * What closes a speaker's line in a Discord, Slack or Teams export, the message on the lines below:
 * a day and a time, or a time alone (`  05/12/2026 20:32`, ` — Hoje às 20:32`, ` 10:32 AM`).
 */
const STAMP_AFTER =
  /^ {1,2}(?:(?:[\u2014\u2013-] )?(?:(?:\d{1,2}\/\d{1,2}\/\d{2,4}|[Hh]oje|[Oo]ntem|[Tt]oday|[Yy]esterday)(?:,? (?:às|at))? )?\d{1,2}:\d\d(?::\d\d)?(?: ?[AaPp][Mm])?|[\u00b7\u2022] (?:\d{1,2}\/\d{1,2}\/\d{2,4}(?:,? (?:às )?\d{1,2}:\d\d)?|h[aá] \d{1,2} (?:min(?:uto)?s?|h(?:ora)?s?|dias?|semanas?|m[eê]s(?:es)?|anos?)|\d{1,2} ?(?:min|h|d|sem)|\d{1,2} (?:minutes?|hours?|days?|weeks?) ago))(?: *[\u00b7\u2022] [^\n]{0,30})? *\r?(?:\n|$)/;

/**
 * `kauazin_sobral 05/12/2026 20:32`, `leitora_da_serra · 29/11/2026`, `kaique_s · há 1 hora`: whether `[i, e)`
 * opens its line and a message's time alone closes it. Read through `at`.
 */
export function stampedSpeaker(scan: Scan, i: number, e: number): boolean {
  if ((i > 0 && scan.text.charCodeAt(i - 1) !== 0x0a) || scan.at(e) !== SPACE) return false;
  scan.at(e + 72);
  const stamp = STAMP_AFTER.exec(scan.text.slice(e, e + 72));
  // `$` is the end of the text read so far: only the whole text's end closes the line.
  return stamp !== null && (stamp[0].endsWith('\n') || (e + stamp[0].length === scan.text.length && scan.final));
}

/** Whether what ends a chat speaker stands at `e`: a colon, the line's end, IRC's `>`, or a tab. Read through `at`. */
export function speakerEnds(scan: Scan, e: number): boolean {
  const c = scan.at(e);
  return c === 0x3a || c === 0x0a || c === 0x0d || c === 0x3e || c === 0x09 || (c < 0 && scan.final);
}
