/**
 * User names built from a person's name: `camila.lessa`, `paulo_henrique`, `rsilveira`,
 * `thiagowfarias`, `bmsantos`. Logins, mentions and display names identify their owner as well
 * as the name they spell, so a login under a user key, after `por`, in a mention (`@x`, `[~x]`)
 * or in a profile link (`github.com/x`) is masked as a name. Opaque ids (`U04K7TQ2M1A`,
 * `user5512`) spell no name and are left.
 */
import { COMMON_NAME_WEIGHT, ORG_HEADS, W_SURNAME, nameAmbiguous, nameWeight, wordTable } from './lexicon.js';
import { classifyKey, keyWordTest } from './keys.js';
import { DIGIT, LOWER, UPPER, WORD, fold } from './chars.js';
import { SPACE_CHAR } from './scanHelpers.js';
import type { Scan } from './scanner.js';
import { speakerAt, speakerEnds, stampedSpeaker } from './matchers/personContext.js';
import { pseudonymAt } from './maskOutput.js';

const HANDLE = /^[a-z][a-z0-9]*(?:[._-][a-z][a-z0-9]*){0,3}$/;

function info(word: string): number {
  return wordTable().get(word, 0, word.length);
}

/** A part that is a first name or a surname on its own (`camila`, `lessa`, `santos`). */
export function namePart(part: string): boolean {
  if (part.length < 3) return false;
  const bits = info(part);
  return nameWeight(bits) >= 0 || (bits & W_SURNAME) !== 0;
}

/** A surname of five letters or more (`silveira`, `farias`): what a login keeps whole after initials. */
function longSurname(part: string): boolean {
  return part.length >= 5 && (info(part) & W_SURNAME) !== 0;
}

/** A first name common enough to start a login glued to the rest (`thiago` in `thiagowfarias`). */
function commonFirstName(part: string): boolean {
  return part.length >= 4 && nameWeight(info(part)) >= COMMON_NAME_WEIGHT;
}

/** One to three initials, then a long surname (`jdacosta`, `msantos`): a login's part. */
function initialsSurname(part: string): boolean {
  for (let initials = 1; initials <= 3; initials++) if (longSurname(part.slice(initials))) return true;
  return false;
}

/** A part of four letters or more that is a surname or a common first name (`santana`, `prado`). */
function gluedPart(part: string): boolean {
  if (part.length < 4) return false;
  const bits = info(part);
  return (bits & W_SURNAME) !== 0 || nameWeight(bits) >= COMMON_NAME_WEIGHT;
}

/** Two surnames or common first names glued (`diasmoreira`), the second a surname of five letters or more. */
function gluedSurnames(rest: string): boolean {
  for (let cut = 4; cut <= rest.length - 5; cut++) if (gluedPart(rest.slice(0, cut)) && longSurname(rest.slice(cut))) return true;
  return false;
}

/** Whether `value` is a login or handle spelled from a person's name. */
export function nameHandle(value: string): boolean {
  if (value.length < 5 || value.length > 40 || !HANDLE.test(value)) return false;
  const parts = value.split(/[._-]/).map((part) => part.replace(/\d+$/, ''));
  if (parts.length >= 2)
    return (
      parts.filter((part) => part.length >= 2).some((part) => namePart(part) || initialsSurname(part)) &&
      parts.every((part) => !/\d/.test(part))
    );
  const word = parts[0] ?? '';
  if (/\d/.test(word)) return false;
  // rsilveira, bmsantos, twfarias: one to three initials, then a surname.
  for (let initials = 1; initials <= 3; initials++) if (longSurname(word.slice(initials))) return true;
  // wdiasmoreira: initials, then two surnames glued.
  for (let initials = 1; initials <= 2; initials++) if (gluedSurnames(word.slice(initials))) return true;
  // thiagowfarias, anapaula: a common first name, then initials or a surname.
  for (let cut = 4; cut <= word.length - 3; cut++) {
    if (!commonFirstName(word.slice(0, cut))) continue;
    const rest = word.slice(cut);
    for (let initials = 0; initials <= 2; initials++) if (longSurname(rest.slice(initials)) || namePart(rest)) return true;
    // brunasantanaprado: a first name, then two surnames glued.
    for (let second = 4; second <= rest.length - 4; second++)
      if (gluedPart(rest.slice(0, second)) && gluedPart(rest.slice(second))) return true;
  }
  return false;
}

/** A first name common enough and no ordinary word (`rodrigo`, `patricia`; not `rosa`, `will`). */
export function plainFirstName(part: string): boolean {
  if (part.length < 4) return false;
  const bits = info(part);
  return nameWeight(bits) >= COMMON_NAME_WEIGHT && !nameAmbiguous(bits);
}

/**
 * `rodrigo.amorim` or `patricia_monteiro` in prose (a technician's login, a PPPoE user): a common
 * first name, then a surname or first name, joined by a dot or an underscore. Such a pair names a
 * person wherever it stands, unless it is a domain, a path, a member call (`maria.save()`) or an
 * e-mail's local part (the e-mail matcher's). Adds it and returns its end, or -1.
 */
export function dottedLogin(scan: Scan, i: number, j: number): number {
  // The first part, looked up in place: most dotted words (domains, members) start with no first name.
  const first = scan.words.get(scan.text, i, j);
  if (nameWeight(first) < COMMON_NAME_WEIGHT || nameAmbiguous(first)) return titledLogin(scan, i, j);
  const before = scan.at(i - 1);
  if (before === 0x2e || before === 0x2f || before === 0x40 || before === 0x5c || before === 0x3a || scan.cls(i - 1) & WORD) return -1;
  let e = handleEnd(scan, i);
  // `joao.silva.pdf`: a file named after its owner; the extension stays.
  const extension = /\.(?:pdf|jpe?g|png|pem|p12|pfx|txt|csv|docx?|xlsx?|zip|json|xml)$/.exec(scan.text.slice(i, e));
  if (extension) e -= extension[0].length;
  const value = scan.text.slice(i, e);
  const dot = value.search(/[._]/);
  if (dot !== j - i || /[._-]/.test(value.slice(dot + 1)) || /\d/.test(value)) return -1;
  const after = scan.at(e);
  if (!extension && (scan.cls(e) & WORD || after === 0x28 || after === 0x2f || (after === 0x2e && scan.cls(e + 1) & WORD))) return -1;
  // `ana.souza@empresa.com.br` is an e-mail address; `@fibramarajo` (no dot) is a realm.
  if (after === 0x40 && /^@[\w-]+\.[a-z]/i.test(scan.text.slice(e, e + 40))) return -1;
  const second = value.slice(dot + 1);
  if (!plainFirstName(value.slice(0, dot)) || !(second.length >= 3 && (namePart(second) || surnameShaped(scan, second)))) return -1;
  scan.add(i, e, 'name');
  return e;
}

/**
 * `tiago.rendeiro`: after a common first name, a word of letters that names no key or system
 * (`maria.nome`, `joao.admin` are a member's and a service's) is a surname the list may lack.
 */
function surnameShaped(scan: Scan, part: string): boolean {
  return /^[a-z]{4,16}$/.test(part) && !SERVICE_WORDS.has(part) && classifyKey(part, undefined, scan.options.extraKeys) === undefined;
}

/**
 * `enf.rosilene.brito`, `sindico.cleonice`, `mhadad.saliba`: a login opening with a title or a
 * role's abbreviation, or with an initial glued to a surname, then a name. Adds it and returns its
 * end, or -1.
 */
function titledLogin(scan: Scan, i: number, j: number): number {
  const before = scan.at(i - 1);
  if (before === 0x2e || before === 0x2f || before === 0x40 || before === 0x5c || before === 0x3a || scan.cls(i - 1) & WORD) return -1;
  const e = handleEnd(scan, i);
  if (scan.cls(e) & WORD || scan.at(e) === 0x28 || scan.at(e) === 0x40 || (scan.at(e) === 0x2e && scan.cls(e + 1) & WORD)) return -1;
  const value = scan.text.slice(i, e);
  const lead = value.slice(0, j - i);
  const rest = value.slice(j - i + 1);
  if (!/^[a-z]+$/.test(lead) || /\d/.test(rest) || rest.length < 4) return -1;
  const person = LOGIN_TITLES.has(lead)
    ? nameHandle(rest) || namePart(rest.split(/[._]/)[0] ?? '')
    : nameHandle(lead) && !/[._-]/.test(rest) && (namePart(rest) || surnameShaped(scan, rest));
  if (!person) return -1;
  scan.add(i, e, 'name');
  return e;
}

/**
 * A file name's parts that are a person's name (`mirella_ecpf_a1.pem`, `RG_frente_Jessica.jpg`):
 * a common first name that is no ordinary word, and the surnames after it. Called on a token with
 * underscores followed by a short extension. Adds them and returns whether any was found.
 */
export function fileNameParts(scan: Scan, i: number, j: number): boolean {
  let found = false;
  let s = i;
  // The run of name parts being read (`jessica_souza`), added once whole when it ends.
  let open = -1;
  let close = -1;
  const flush = (): void => {
    if (open >= 0) scan.add(open, close, 'name');
    open = -1;
  };
  for (let u = i; u <= j; u++) {
    if (u < j && scan.at(u) !== 0x5f) continue;
    const part = scan.text.slice(s, u);
    const folded = part.toLowerCase();
    if (/^\p{L}+$/u.test(part) && (plainFirstName(folded) || (open >= 0 && gluedPart(folded)) || (part.length >= 5 && nameHandle(part)))) {
      if (open < 0) open = s;
      close = u;
      found = true;
    } else flush();
    s = u + 1;
  }
  flush();
  return found;
}

/** `.pdf`, `.jpeg`, `.pem`: a file's extension at `j` (a dot, two to four letters or digits, then no word). */
export function fileExtensionAt(scan: Scan, j: number): boolean {
  if (scan.at(j) !== 0x2e || !(scan.cls(j + 1) & LOWER)) return false;
  let e = j + 1;
  while (e - j <= 5 && scan.cls(e) & (LOWER | DIGIT)) e++;
  return e - j >= 3 && e - j <= 5 && !(scan.cls(e) & WORD);
}

const USER_KEY_WORDS = new Set([
  'SAMACCOUNTNAME',
  'SAM',
  // CEF's source and destination users (`suser=`, `duser=`).
  'SUSER',
  'DUSER',
  'UID',
  'USER',
  'USERNAME',
  'USUARIO',
  'LOGIN',
  'AUTOR',
  'AUTHOR',
  'ASSIGNEE',
  'OWNER',
  'PROPRIETARIO',
  'REPORTER',
  'DISPLAY',
  'HANDLE',
  'POR',
  'BY',
  'OPERADOR',
  'ATENDENTE',
  'RESPONSAVEL',
  'LOGINS',
  'USERS',
  'USERNAMES',
  'USUARIOS',
  'MEMBERS',
  'MEMBROS',
  'REVIEWERS',
  'ASSIGNEES',
  'OWNERS',
  'AUTHORS',
  'MAINTAINERS',
  'ADMINS',
]);

/** Whether a key holds a user's login (`user`, `usuario`, `atualizado_por`, `created_by`, `display_name`). */
export const userKey = keyWordTest((words) => words.length <= 3 && words.some((word) => USER_KEY_WORDS.has(word)));

/** Windows' `Nome da Conta:` / `Account Name:` ending at `ke` (a bank's `conta` alone holds no login). */
const ACCOUNT_NAME = /(?:\bnome da conta|\baccount name)$/i;

/** The end of a login token at `i` (letters, digits, `.`, `_`, `-`, not ending in punctuation). */
export function handleEnd(scan: Scan, i: number): number {
  let e = i;
  while (scan.cls(e) & (LOWER | DIGIT) || ((scan.at(e) === 0x2e || scan.at(e) === 0x5f || scan.at(e) === 0x2d) && scan.cls(e + 1) & LOWER))
    e++;
  return e;
}

/**
 * What stands before a login where only a user's login can stand: a mention (`@`, `[~`), a TODO's
 * owner, a profile link, a home directory, a Unix log's user (`for user`, `publickey for`,
 * `sudo:`). There a single first name or surname (`genival`, `kaue`) is a name too.
 */
const LOGIN_BEFORE =
  /(?:@|\[~|\bTODO\(|(?:^|\s)--?user(?:name)?[ =]"?|linkedin\.com\/in\/|github\.com\/|gitlab\.com\/|\/home\/|\\Users\\|\b(?:for|as) user "?|\buser=|\buser@host: |\blogged in as "?|\b(?:autenticad|logad|conectad)[oa] como "?|\b(?:publickey|password) for (?:invalid user )?|\bsudo(?:\[\d+\])?:\s+)$/i;
/** Where only an account of the machine can stand (a log's user, a home directory): any login there is someone's but a service's. */
/** A deed's participle and `por`/`by` before a login (`rodado por hyeon.kang`, `exported by lvervloet`): prose too, so the login must look like one. */
const DONE_BY_BEFORE =
  /\b(?:(?:gerad|rodad|executad|exportad|importad|consultad|enviad|criad|alterad|modificad|atualizad|aprovad|revisad|copiad|editad|registrad|cadastrad|processad|disparad|emitid|recebid|abert|fechad|assinad|conferid|lan[cç]ad|baixad|feit|solicitad|autorizad|validad|encerrad|finalizad|preenchid|digitad|atendid)[oa]s? por|(?:created|generated|run|executed|exported|imported|modified|updated|approved|reviewed|edited|sent|submitted|triggered|started|requested|saved) by) $/i;
/** A command's short user flag (`mysql -u`, `psql -U`): other commands' `-u` means more (`sort -u`, `git push -u`), so the login must look like one. */
const USER_FLAG_BEFORE = /(?:^|\s)-[uU] $/;
const STRONG_LOGIN_BEFORE =
  /(?:\b(?:instagram\.com|twitch\.tv|tiktok\.com|youtube\.com|x\.com|twitter\.com|threads\.net|kwai\.com)\/@?|(?:^|[\s[(])[A-Z][A-Z0-9-]{1,14}\\|\bTODO\(|(?:^|\s)--?user(?:name)?[ =]"?|\/home\/|\\Users\\|\b(?:for|as) user "?|\buser=|\buser@host: |\blogged in as "?|\b(?:autenticad|logad|conectad)[oa] como "?|\b(?:publickey|password) for (?:invalid user )?|\bsudo(?:\[\d+\])?:\s+)$/i;
/** `dependabot[bot]`: GitHub marks a bot's account after its login. Read through `at`. */
function botAfter(scan: Scan, e: number): boolean {
  return scan.at(e) === 0x5b && scan.at(e + 4) === 0x5d && scan.text.startsWith('[bot]', e);
}

/** `prefeiturademaraba`, `igrejabatistacentral`: a handle that opens with a body's or a trade's head word is theirs. */
function bodysHandle(value: string): boolean {
  const upper = value.toUpperCase();
  for (let n = 5; n <= Math.min(14, upper.length - 2); n++) if (ORG_HEADS.has(upper.slice(0, n))) return true;
  return false;
}

/** The pages a social network's own paths name after its domain, before any profile. */
const SITE_PAGES = new Set(
  'watch home search explore hashtag i intent share login signup channel c user p reel reels tv stories shorts live results playlist feed about help settings'.split(
    ' ',
  ),
);
/** An AWS role session (`arn:aws:sts::…:assumed-role/Role/<session>`): the session is named after whoever took the role. */
const ASSUMED_ROLE = /:assumed-role\/[\w+=,.@-]{1,64}\/$/;
/** `executado por rsilveira`, `tal como jdacosta`, `(wtavares)`: there only a login spelled from a whole name (a word may follow `por`). */
const BY_BEFORE = /(?:\b(?:por|usu[aá]rio|como|as) |\()$/;

const BLUESKY_DOMAIN = '.bsky.social';

/**
 * A login spelled from a person's name in prose at `i` (a lower-case word): after `@`, `[~`,
 * `TODO(`, a profile link, a Unix log's user, or `por`. Adds it as a name and returns its end, or -1.
 */
export function mentionedHandle(scan: Scan, i: number): number {
  if (speakerAt(scan, i)) return speakerHandle(scan, i);
  const before = scan.at(i - 1);
  // Most words follow a space: only `por `, `for `, `user ` and `sudo: ` need a look.
  if (before === 0x20) {
    let q = i - 1;
    while (q > 0 && scan.at(q - 1) === 0x20 && i - q < 4) q--;
    // The word before: `por`, `for`, `user` or `sudo:`.
    if (!mentionCueBefore(scan.text, Math.max(0, q - 5), q)) return -1;
  } else if (before === 0x2a) return bylineHandle(scan, i);
  else if (
    before !== 0x40 &&
    before !== 0x7e &&
    before !== 0x28 &&
    before !== 0x2f &&
    before !== 0x22 &&
    before !== 0x5c &&
    before !== 0x3d
  )
    return -1;
  const context = scan.text.slice(Math.max(0, i - 24), i);
  const strong = STRONG_LOGIN_BEFORE.test(context);
  const userFlag = USER_FLAG_BEFORE.test(context);
  const doneBy = DONE_BY_BEFORE.test(context) || userFlag;
  const login = strong || LOGIN_BEFORE.test(context) || (before === 0x2f && ASSUMED_ROLE.test(scan.text.slice(Math.max(0, i - 96), i)));
  if (!login && !doneBy && !BY_BEFORE.test(context) && !OPERATOR_BEFORE.test(context)) return -1;
  // `k***@ufrb.edu.br`, `ana@…`: an e-mail's domain (masked or not) is no mention.
  if (before === 0x40 && i >= 2 && (scan.cls(i - 2) & WORD || scan.at(i - 2) === 0x2a)) return -1;
  let e = handleEnd(scan, i);
  if (scan.cls(e) & WORD || scan.at(e) === 0x40) return -1;
  // `@claricemourao.bsky.social`: a Bluesky handle under the network's own domain; the user is the part before it.
  if (before === 0x40 && scan.text.slice(i, e).endsWith(BLUESKY_DOMAIN) && e - i > BLUESKY_DOMAIN.length) e -= BLUESKY_DOMAIN.length;
  const value = scan.text.slice(i, e);
  // `youtube.com/watch`, `x.com/search`: a site's own page, no one's profile; `@prefeiturademaraba`: a body's.
  if (strong && (SITE_PAGES.has(value) || bodysHandle(value))) return -1;
  // `sort -u nomes.txt`: after a short flag, a dotted word is a file.
  if (userFlag && value.includes('.')) return -1;
  // `@dwerner`, `(operador lvervloet)`: a mention's or an operator's login glued from an initial and a surname; not a package's scope (`@vscode/…`).
  const glued = (before === 0x40 || OPERATOR_BEFORE.test(context)) && scan.at(e) !== 0x2f && initialGlued(value) && personalLogin(value);
  if (
    !nameHandle(value) &&
    !glued &&
    !(login && (strong ? personalLogin(value) : singleName(value))) &&
    !(doneBy && loginShaped(value) && personalLogin(value))
  )
    return -1;
  scan.add(i, e, 'name');
  return e;
}

/**
 * A system's operator or an attendant before a login (`(operador lvervloet)`, `pelo operador dkoerich`,
 * `Atendente ksoares`, `Observação do atendente (fgontijo)`).
 */
const OPERATOR_BEFORE = /\b(?:operador[a]?|atendente|digitador[a]?):? \(?$|\batendente \($/i;

/** A line comment's marker and one space (`# `, `-- `, `// `, `; `, `% `) opening the line before `i`. */
const COMMENT_HEAD = /(?:^|\n)[ \t]*(?:#|--|\/\/|;|%) $/;

/**
 * `-- jtomazoni: falar com o Kretã`, `# rnakandakari: removido a pedido`: a comment's author, the
 * login opening a code or a config comment before a colon. Only a login spelled from a name or
 * glued from an initial and a surname, and no machine's or tool's (`# nginx: …`). Adds it and
 * returns its end, or -1. Read through `at`, so a stream waits for the colon.
 */
export function commentAuthor(scan: Scan, i: number): number {
  if (!COMMENT_HEAD.test(scan.text.slice(Math.max(0, i - 12), i))) return -1;
  const e = handleEnd(scan, i);
  if (scan.at(e) !== 0x3a || scan.at(e + 1) !== SPACE_CHAR) return -1;
  const value = scan.text.slice(i, e);
  if (!((nameHandle(value) || initialGlued(value)) && personalLogin(value))) return -1;
  scan.add(i, e, 'name');
  return e;
}

/** Portuguese and English words open with these two consonants; a login's initial and surname (`lvervloet`, `mfaria`) with others. */
const WORD_ONSETS = new Set(
  'bl br ch cl cr dr fl fr gl gr lh nh pl pr ps pn qu tr vr sc sk sh sl sm sn sp st sw wh wr th ph kn gn tw'.split(' '),
);
const CONSONANT = /^[bcdfghjklmnpqrstvwxz]$/;

/**
 * Whether a token reads as a person's login, not a word or a tool's name: a first name and a
 * surname joined by a dot (`hyeon.kang`), or an initial glued to a surname (`lvervloet`, `mfaria`:
 * two consonants no word opens with, then a vowel; `pdflatex`, `ffmpeg` and `pg_dump` are tools).
 */
function loginShaped(value: string): boolean {
  if (/^[a-z]{3,}\.[a-z]{3,}$/.test(value)) return true;
  const a = value[0] ?? '';
  const b = value[1] ?? '';
  return (
    /^[a-z]{5,20}$/.test(value) && CONSONANT.test(a) && CONSONANT.test(b) && !WORD_ONSETS.has(a + b) && !CONSONANT.test(value[2] ?? 'b')
  );
}

/** What tools' and services' names are made of (`gcloud`, `xdebug`, `ltrace`, `pgadmin`, `gsutil`), never a surname's. */
const TOOL_PARTS =
  /cloud|code|debug|trace|util|admin|bench|term|zip|conf|build|test|log|ctl|sql|dump|sync|load|shell|proxy|hub|git|dev|api|app|bot|web|kit|lib|cli|sdk|pkg|tool|srv|svc|ops|grep|edit|view/;

/**
 * `dwerner`, `mtrevisan`, `fkawamoto`: an initial glued to a surname the lists may lack. The first
 * two letters are consonants no word opens with; the rest opens as a word does (a vowel, or a
 * cluster words open with and a vowel). Asked only where a login stands.
 */
function initialGlued(value: string): boolean {
  if (!/^[a-z]{6,16}$/.test(value) || TOOL_PARTS.test(value)) return false;
  const a = value[0] ?? '';
  const b = value[1] ?? '';
  const c = value[2] ?? '';
  if (!CONSONANT.test(a) || !CONSONANT.test(b) || WORD_ONSETS.has(a + b)) return false;
  return !CONSONANT.test(c) || (WORD_ONSETS.has(b + c) && !CONSONANT.test(value[3] ?? 'b'));
}

/**
 * `[04/12/2026 20:03] kaeteh.baniwa` then the message: a login in a chat export's speaker position
 * is a person's when it spells a name or joins two words (`yuki_sato_am`), not a log's level or a bot's.
 */
export function speakerHandle(scan: Scan, i: number): number {
  const head = speakerAt(scan, i);
  if (!head && i > 0 && scan.text.charCodeAt(i - 1) !== 0x0a) return -1;
  const e = handleEnd(scan, i);
  if (scan.cls(e) & WORD || !(head ? speakerEnds(scan, e) : stampedSpeaker(scan, i, e))) return -1;
  const value = scan.text.slice(i, e);
  const parts = value.split(/[._-]+/).filter((part) => /^[a-z]{2,}$/.test(part));
  // Before a message's time alone a dotted pair may be a file (`config.yaml 20:41`): only underscores join words there.
  const joined =
    parts.length >= 2 &&
    parts.every((part) => !SERVICE_WORDS.has(part)) &&
    !SERVICE_PREFIXES.has(parts[0] ?? '') &&
    (head || !value.includes('.'));
  if (!joined && !nameHandle(value) && !singleName(value)) return -1;
  scan.add(i, e, 'name');
  return e;
}

/** A chat account's name: a letter, then letters, digits and underscores, a digit or an underscore among them. */
const ACCOUNT = /^[A-Za-z][A-Za-z0-9_]{2,29}$/;
/** Parts of the names a program gives its own threads, workers and connections in a log's head. */
const MACHINE_PARTS = new Set(
  'thread pool conn connection session client server host pid proc process main db node shard partition pod container instance step stage phase'.split(
    ' ',
  ),
);

/**
 * `[21:03:45] ng0zi_okeke:`, `[21:02:40] DonaLurdes_64:`: in a chat export's speaker position,
 * before the message's colon, an account's name with digits or underscores in it is its user's,
 * whatever it spells, unless a bot's or a machine's (`Nightbot`, `worker_2`). Adds it and returns
 * its end, or -1.
 */
export function chatAccount(scan: Scan, i: number, j: number): number {
  if (scan.at(j) !== 0x3a || !speakerAt(scan, i)) return -1;
  const value = scan.text.slice(i, j);
  if (!ACCOUNT.test(value) || !/[\d_]/.test(value) || (value.match(/[A-Za-z]/g)?.length ?? 0) < 4) return -1;
  // `NOME_802b225d`: this engine's own pseudonym, masked already.
  if (pseudonymAt(scan.text, i, j)) return -1;
  const parts = value
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\d]+/)
    .filter((part) => part.length > 0);
  if (SERVICE_PREFIXES.has(parts[0] ?? '') || /bot$/.test(parts[parts.length - 1] ?? '')) return -1;
  if (parts.some((part) => SERVICE_WORDS.has(part) || MACHINE_PARTS.has(part))) return -1;
  scan.add(i, j, 'name');
  return j;
}

/** Whether `i` opens a line, after its indentation and a reply's arrow (`  ↳ `). */
export function threadLineHead(text: string, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && text.charCodeAt(p) === SPACE_CHAR && i - p < 8) p--;
  if (p >= 0 && text.charCodeAt(p) === 0x21b3) {
    p--;
    while (p >= 0 && text.charCodeAt(p) === SPACE_CHAR && i - p < 12) p--;
  }
  return p < 0 || text.charCodeAt(p) === 0x0a;
}

/**
 * A comment's or a review's heading: its author, maybe a place after ` · `, then how long ago it was
 * posted (`Dalvanisa Sampaio — há 1 h`, `@cbatista1961 • há 2 dias`, `Yuki Lima · Fortaleza, CE · há 3 dias`).
 * Group 1: the author.
 */
const STAMPED_AUTHOR =
  /^(@?[^\n·•—–|:()[\]"@]{1,60}?)(?: · [^\n·•—–|]{1,40})? (?:[—–·•|-]) (?:há|ha) \d{1,3} ?(?:min(?:utos?)?|h(?:oras?)?|d(?:ias?)?|sem(?:anas?)?|m[eê]s|meses|a(?:nos?)?)\b/iu;
/** Words that sign a comment for no one, or for a desk: `Anônimo`, `Moderação Reclame AQUI`, `Equipe Sabor da Terra`. */
const NO_ONES_AUTHORS: ReadonlySet<string> = new Set(
  `ANONIMO ANONIMA ANONYMOUS MODERACAO MODERADOR MODERADORA MODERATOR ADMIN ADMINISTRADOR ADMINISTRACAO EQUIPE TIME SUPORTE
  ATENDIMENTO OUVIDORIA REDACAO RESPOSTA PROPRIETARIO PROPRIETARIA DONO DONA VISITANTE USUARIO USUARIA CONVIDADO CONVIDADA
  AUTOR AUTORA CANAL PAGINA PERFIL SAC OFICIAL LOJA
  ATUALIZADO ATUALIZADA ATUALIZACAO PUBLICADO PUBLICADA EDITADO EDITADA POSTADO POSTADA ENVIADO ENVIADA VISTO VISTA ULTIMO
  ULTIMA RESPONDIDO RESPONDIDA CRIADO CRIADA MODIFICADO ALTERADO COMENTADO ATIVO ATIVA ONLINE PEDIDO ENTREGUE LIDO LIDA
  POSTED UPDATED EDITED SENT SEEN ACTIVE LAST CREATED MODIFIED`.split(/\s+/),
);
/** Titles a stamped author may open with: the name after them is the name matchers' to find (`Mãe Nena de Oxum`). */
const AUTHOR_TITLES: ReadonlySet<string> = new Set(
  'MAE PAI DONA DONO SEU SR SRA DR DRA PR PRA PROF PROFA IRMA IRMAO FREI PADRE PE TIA TIO VO VOVO VOVA MESTRE'.split(' '),
);

/** `há 2`, `ha 10`: how long ago, as a heading says it (a glance before STAMPED_AUTHOR). */
const AGO = /h[áa] \d/i;

/** How far a comment's heading reaches: its author, a place and how long ago. */
const STAMP_REACH = 120;

/**
 * Whether the text read so far ends inside what may still become a comment's heading at `i`: no
 * line's end, at most five words before a separator (` — `, ` · `, ` • `, ` | `, ` - `), and none of
 * the characters an author's name never holds. Prose runs past five words or into punctuation
 * quickly, so a stream waits on few lines.
 */
function headingUndecided(text: string, i: number): boolean {
  const end = Math.min(text.length, i + STAMP_REACH);
  let words = 1;
  for (let p = i; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === 0x0a) return false;
    if (c === SPACE_CHAR) {
      const next = text.charCodeAt(p + 1);
      if (HEADING_SEPARATORS.has(next) && (text.charCodeAt(p + 2) === SPACE_CHAR || p + 2 >= text.length)) return true;
      if (next !== SPACE_CHAR && ++words > 5) return false;
    } else if (NEVER_IN_AUTHOR.has(c)) return false;
  }
  return end < i + STAMP_REACH;
}

/** ` — `, ` – `, ` · `, ` • `, ` | `, ` - `: what sets a heading's author apart from the rest. */
const HEADING_SEPARATORS: ReadonlySet<number> = new Set([0x2014, 0x2013, 0xb7, 0x2022, 0x7c, 0x2d]);
/** Characters no author's name or handle holds in a heading (STAMPED_AUTHOR's group 1 refuses them). */
const NEVER_IN_AUTHOR: ReadonlySet<number> = new Set([0x3a, 0x28, 0x29, 0x5b, 0x5d, 0x22, 0x40, 0xb7, 0x2022, 0x2014, 0x2013, 0x7c]);

/** Whether `i` opens a comment's heading: a line's head (after a reply's arrow), after `@` there, or after ` — ` (`P: … — Hiroshi`). */
function authorPosition(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  if (c === 0x40) return threadLineHead(text, i - 1);
  if (c === SPACE_CHAR && (text.charCodeAt(i - 2) === 0x2014 || text.charCodeAt(i - 2) === 0x2013) && text.charCodeAt(i - 3) === SPACE_CHAR)
    return true;
  return threadLineHead(text, i);
}

/**
 * The author of a comment's or a review's heading at `i`, before how long ago it was posted
 * (`Dalvanisa Sampaio — há 1 h`, `rafinha_crato88 — há 2 h`, `@cbatista1961 • há 2 dias`): anyone's
 * name or handle there is a person's, unless it signs for no one or for a desk (`Anônimo`,
 * `Moderação …`), opens with a body's head word, or a title leads it. Adds it as a name and returns
 * its end, or -1. Read through `at`, so a stream waits for the heading's end.
 */
export function stampedAuthor(scan: Scan, i: number): number {
  const text = scan.text;
  if (!authorPosition(text, i)) return -1;
  const reach = Math.min(text.length, i + STAMP_REACH);
  const newline = text.indexOf('\n', i);
  const line = text.slice(i, newline >= 0 && newline < reach ? newline : reach);
  // Most lines say no `há` and a number: no heading, and no expression run over them.
  const m = AGO.test(line) ? STAMPED_AUTHOR.exec(line) : null;
  if (m === null) {
    // A stream whose window ends inside what may still become a heading waits for the rest.
    if (line.length === reach - i && headingUndecided(text, i)) scan.at(i + STAMP_REACH);
    return -1;
  }
  const author = m[1]?.trimEnd();
  if (author === undefined || author.length < 2) return -1;
  const words = author.split(/\s+/);
  if (words.length > 5) return -1;
  const folded = words.map((word) => fold(word.replace(/[^\p{L}]/gu, '')));
  // `Atualizado · há 2 h`, `Pedido 48213 — há 1 h`: a status or a number is no one's signature.
  if (folded.some((word) => word === '' || NO_ONES_AUTHORS.has(word)) || AUTHOR_TITLES.has(folded[0] ?? '')) return -1;
  if (ORG_HEADS.has(folded[0] ?? '') || (words.length === 1 && bodysHandle(author.toLowerCase()))) return -1;
  // `NOME_802b225d — há 1 h`: this engine's own pseudonym, masked already.
  if (pseudonymAt(text, i, i + author.length)) return -1;
  scan.add(i, i + author.length, 'name');
  return i + author.length;
}

/** What follows a line's first word in code, never a comment's text: an operator, a bracket, a call. */
const CODE_AFTER = /^ (?:[=:(){}[\]<>|&+*/%,;.!?-]|\w+\()/;

/**
 * `mariaeduarda.tsuji Eu!! …`, `  ↳ ray.laurindo que golpe…`: a comment thread's line (Instagram,
 * TikTok, a forum's export) opens with its author's handle and then the comment. Only a handle
 * spelled from a name, dotted or underscored, and never code's first word (`self.nome = …`).
 * Adds it as a name and returns its end, or -1. Read through `at`, so a stream waits for what follows.
 */
export function threadHandle(scan: Scan, i: number): number {
  const e = handleEnd(scan, i);
  // `ritinha_do_carmo: conheço essa família`: a blog's comment, its author's handle then a colon.
  const s = scan.at(e) === 0x3a && scan.at(e + 1) === SPACE_CHAR && scan.cls(e + 2) & LOWER ? e + 1 : e;
  if (scan.at(s) !== SPACE_CHAR) return -1;
  scan.at(s + 12);
  if (CODE_AFTER.test(scan.text.slice(s, s + 12)) || scan.at(s + 1) === SPACE_CHAR) return -1;
  const value = scan.text.slice(i, e);
  if (!/[a-z][._][a-z]/.test(value) || !nameHandle(value)) return -1;
  // A person's handle opens with their name or a title (`pr.elias.moura`); a shop's with its trade (`doceria.vovo.tereza`).
  const [first = '', second = ''] = value.split(/[._]+/);
  if (!(namePart(first) || nameHandle(first) || (HANDLE_TITLES.has(first) && namePart(second)))) return -1;
  scan.add(i, e, 'name');
  return e;
}

/** Titles a handle may open with before the name: pastor, doctor, teacher, nurse. */
const HANDLE_TITLES: ReadonlySet<string> = new Set(['pr', 'pra', 'dr', 'dra', 'prof', 'profa', 'enf', 'irma', 'frei', 'pe']);

/** Titles and roles a login may open with before its owner's name (`enf.`, `dr.`, `sindico.`). */
const LOGIN_TITLES: ReadonlySet<string> = new Set([
  ...HANDLE_TITLES,
  'sindico',
  'sindica',
  'coord',
  'tec',
  'aux',
  'agente',
  'prof',
  'dir',
  'enfa',
]);

/**
 * Whether `text.slice(from, q).toLowerCase()` ends with `por`, `for`, `by`, `user`, `usuario` or `sudo:`
 * (`por` and `for` as whole words). Most words ending in r (ser, fazer, valor) ask this: an ASCII
 * slice is compared in place, lower-cased a character at a time, instead of sliced and lowered.
 */
function mentionCueBefore(text: string, from: number, q: number): boolean {
  for (let p = from; p < q; p++) {
    if (text.charCodeAt(p) >= 0x80) {
      const word = text.slice(from, q).toLowerCase();
      return (
        word.endsWith(' por') ||
        word.endsWith(' for') ||
        word.endsWith(' by') ||
        word.endsWith('user') ||
        word.endsWith(' -u') ||
        word.endsWith('rname') ||
        word.endsWith('uario') ||
        word.endsWith('uário') ||
        word.endsWith('sudo:') ||
        word.endsWith('rador') ||
        word.endsWith('dente') ||
        word.endsWith('ador:') ||
        word.endsWith(']:') ||
        word === 'por' ||
        word === 'for'
      );
    }
  }
  for (const cue of ASCII_MENTION_CUES) if (asciiEndsWith(text, from, q, cue)) return true;
  return q - from === 3 && (asciiEndsWith(text, from, q, 'por') || asciiEndsWith(text, from, q, 'for'));
}

/** The endings of mentionCueBefore an ASCII slice can have (`uário` is not ASCII). */
const ASCII_MENTION_CUES = [
  ' por',
  ' for',
  'user',
  'uario',
  'sudo:',
  ']:',
  ' como',
  ' as',
  'host:',
  ' by',
  ' -u',
  'rname',
  'rador',
  'ador:',
  'dente',
];

/** Whether the ASCII `text[from, q)`, lower-cased, ends with `suffix` (lower case). */
function asciiEndsWith(text: string, from: number, q: number, suffix: string): boolean {
  const s = q - suffix.length;
  if (s < from) return false;
  for (let k = 0; k < suffix.length; k++) {
    const c = text.charCodeAt(s + k);
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== suffix.charCodeAt(k)) return false;
  }
  return true;
}

/** What a forge writes after a user's bold login: `**fulano** opened this issue`, `**fulano** commented on …`. */
const FORGE_ACTIVITY =
  /^\*\* (?:opened|commented|closed|reopened|reviewed|approved|merged|pushed|requested|assigned|added|removed|mentioned|edited|left|deleted|abriu|comentou|fechou|aprovou)\b/;

/**
 * `**fulano-beltrano** commented on …`: a login in bold before a forge's activity verb. There a
 * common first name glued to any surname (`wesleyfrota`) is a person's too; a bot's is not.
 */
function bylineHandle(scan: Scan, i: number): number {
  if (scan.at(i - 2) !== 0x2a || scan.cls(i - 3) & WORD) return -1;
  const e = handleEnd(scan, i);
  // Read through `at`, so a stream waits for the verb after the login.
  scan.at(e + 16);
  if (!FORGE_ACTIVITY.test(scan.text.slice(e, e + 16))) return -1;
  const value = scan.text.slice(i, e);
  if (!(nameHandle(value) || singleName(value) || gluedFirstName(value))) return -1;
  scan.add(i, e, 'name');
  return e;
}

/** `wesleyfrota`: a common first name, then three letters or more of a surname the list may lack; no bot's or service's word. */
function gluedFirstName(value: string): boolean {
  if (!/^[a-z]{7,24}$/.test(value) || /bot|svc|deploy|admin|service/.test(value)) return false;
  for (let cut = 4; cut <= value.length - 3; cut++) if (plainFirstName(value.slice(0, cut))) return true;
  return false;
}

/**
 * A login where only a user's login can stand (after a user key, `for user`, a home directory):
 * any lower-case login is someone's (`nhakaya`, `adm.kleber`: a person's admin account) unless
 * every part of it names a machine, a service or a role (`svc-deploy`, `etl_loader`, `postgres`).
 */
function personalLogin(value: string): boolean {
  if (!/^[a-z][a-z0-9._-]{2,29}$/.test(value) || SYSTEM_ACCOUNTS.has(value)) return false;
  const parts = value.split(/[._-]+/).map((part) => part.replace(/\d+$/, ''));
  // `svc-horus`, `app_sisreg`: a service's prefix names the system after it, no one.
  if (parts.length > 1 && SERVICE_PREFIXES.has(parts[0] ?? '')) return false;
  // `admin.regional`, `sync_tse`: beside a machine's word, only a name makes the account a person's (`adm.kleber`).
  if (parts.some((part) => SERVICE_WORDS.has(part))) return parts.some(namePart);
  return parts.some((part) => /^[a-z]{3,}$/.test(part) && !SERVICE_WORDS.has(part));
}

const SERVICE_PREFIXES = new Set(['svc', 'srv', 'service', 'app', 'sys', 'system', 'bot', 'api', 'int', 'sa', 'job', 'etl', 'robo']);

/** Parts of machines' and services' account names. */
const SERVICE_WORDS = new Set(
  `svc service services bot bots api app apps web www ci cd build builder deploy deployer release monitor monitoring metrics
  grafana prometheus exporter nagios zabbix admin adm root dba sys system sistema test tests teste testes dev prod staging homolog
  demo guest anonymous anon public integration integracao user users usuario gateway proxy replica replication repl postgres mysql
  oracle mongo redis kafka rabbit rabbitmq airflow jenkins gitlab github runner ubuntu debian centos nobody daemon mail postfix
  nginx apache tomcat node docker kube ansible terraform vagrant loader reader writer worker workers agent scheduler batch job jobs
  task tasks cron sync backup backups report reports readonly read write etl data dados robo robot automacao automation noreply
  reply support suporte helpdesk service desk operator operador default master slave primary secondary local remote cache
  queue auth sso ldap saml oauth team teams time squad equipe grupo group platform plataforma infra ops devops sre secops security
  seguranca backend frontend mobile`.split(/\s+/),
);

/** A login that is one first name or surname (`genival`, `kaue`), not a system account's (`root`, `deploy`). */
function singleName(value: string): boolean {
  return /^[a-z]{3,20}$/.test(value) && !SYSTEM_ACCOUNTS.has(value) && namePart(value);
}

const SYSTEM_ACCOUNTS = new Set([
  'root',
  'admin',
  'deploy',
  'ubuntu',
  'debian',
  'postgres',
  'nobody',
  'daemon',
  'git',
  'jenkins',
  'www',
  'user',
  'guest',
  'test',
  'oracle',
  'mysql',
  'backup',
  'operator',
  'sync',
  'mail',
  'news',
  'bin',
  'sys',
  'here',
  'channel',
  'everyone',
  'todos',
]);

/** A command that logs into a host: the login before its `@` is a user's account there. */
const REMOTE_COMMAND = /(?:^|[\s;|&(`$])(?:ssh|scp|sftp|rsync|mosh|autossh|ssh-copy-id|telnet)\s[^\n]{0,200}$/;
/** A URL of a remote shell or file transfer, right before its user (`ssh://`, `sftp://`). */
const REMOTE_SCHEME = /\b(?:ssh|sftp|scp|rsync|ftps?|smb|git\+ssh)?:\/\/$/;
/** A host after `@`: an IPv4 address or a host name, then what ends it in a command or a prompt. */
const HOST_AFTER = /^@(?:\d{1,3}(?:\.\d{1,3}){3}|[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9][a-z0-9-]{0,62}){0,6})(?=[:\s/\]]|$)/i;
/** A shell prompt: `user@host:~/dir$`, `user@host:/srv#`, `[user@host dir]$`, its login at the line's start. */
const PROMPT_AFTER = /^(?::[~/][^\s$#]{0,120}[$#](?:\s|$)| [^\s\]]{1,120}\][$#](?:\s|$))/;

/**
 * `ssh rsouza@10.0.0.5`, `scp f.sql marta.k@srv01:~/`, `sftp://ana@host/`, a prompt `joana@note:~$`:
 * a login before the `@` of the host it logs into (an e-mail's domain has a top-level name; a
 * host here is an address or a machine's name). A login there spelled from a name, or of parts
 * joined that are no service's (`yara.potiguara`), is someone's; `root`, `deploy`, `arquivo` are
 * machines'. Adds it as a name and returns its end, or -1.
 */
export function hostLogin(scan: Scan, i: number): number {
  const e = handleEnd(scan, i);
  if (scan.at(e) !== 0x40 || e - i < 3) return -1;
  const session = databaseSession(scan, i, e);
  if (session !== 0) return session;
  // Read through `at`, so a stream waits for the host and what follows it.
  scan.at(e + 140);
  const host = HOST_AFTER.exec(scan.text.slice(e, e + 260));
  if (host === null) return -1;
  const lineStart = scan.text.lastIndexOf('\n', i - 1) + 1;
  const before = scan.text.slice(Math.max(lineStart, i - 220), i);
  const prompt = (before === '' || before === '[') && PROMPT_AFTER.test(scan.text.slice(e + host[0].length, e + host[0].length + 130));
  if (!prompt && !REMOTE_SCHEME.test(before) && !(/\s$/.test(before) && REMOTE_COMMAND.test(before))) return -1;
  const value = scan.text.slice(i, e);
  // One word that spells no name may be a machine's account (`arquivo@`, `backup@`): only joined parts or a name's spelling say someone.
  const joined = /[._-]/.test(value) && personalLogin(value);
  if (!joined && !nameHandle(value) && !singleName(value)) return -1;
  scan.add(i, e, 'name');
  return e;
}

/** A server log's line prefix after `user@`: the database, then the message's level (PostgreSQL's `%u@%d`, pgAudit's). */
const DATABASE_SESSION_AFTER =
  /^@[a-z_][\w$-]{0,62} (?:LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG\d?|STATEMENT|DETAIL|HINT|CONTEXT|LOCATION):/;

/**
 * `[201774] dba_rkawamura@hospital_regional LOG:`: a database server's log names the session's
 * user before its database. A person's login there (no service's: `app_sigas@sigas`) is a name.
 * Returns its end when added, -1 when the prefix is a service's, 0 when there is no such prefix.
 */
function databaseSession(scan: Scan, i: number, e: number): number {
  // Read through `at`, so a stream waits for the database's name and the level.
  scan.at(e + 80);
  if (!DATABASE_SESSION_AFTER.test(scan.text.slice(e, e + 80))) return 0;
  const value = scan.text.slice(i, e);
  // `dba_rkawamura`: a role before the name is still the person's account; `app_sigas`, `svc-etl`, `postgres` are services'.
  const parts = value.split(/[._-]+/);
  if (SYSTEM_ACCOUNTS.has(value) || SERVICE_PREFIXES.has(parts[0] ?? '') || !parts.some((part) => namePart(part) || nameHandle(part)))
    return -1;
  scan.add(i, e, 'name');
  return e;
}

/**
 * The whole value `[s, e)` under a user key (`<property name="user.name" value="wkrupinski"/>`)
 * when it is one login, someone's and no service's: adds it as a name and says whether it did.
 */
export function loginValue(scan: Scan, s: number, e: number): boolean {
  if (e - s < 3 || !(scan.cls(s) & LOWER) || handleEnd(scan, s) !== e) return false;
  if (!personsLogin(scan.text.slice(s, e))) return false;
  scan.add(s, e, 'name');
  return true;
}

/**
 * Whether a user key's whole value is someone's login: spelled from a name (`jsilva`) or shaped as
 * a person's account and no service's (`lvervloet`, `hyeon.kang`, not `svc-totem`). Text, tables
 * and JSON bodies ask the same question.
 */
export function personsLogin(value: string): boolean {
  return nameHandle(value) || personalLogin(value);
}

/** A login after a user key in text (`"user": "paulo.henrique"`, `atualizado_por = 'rsilveira'`): adds it and returns its end, or -1. */
export function handleValue(scan: Scan, i: number, ke: number): number {
  let p = ke;
  while ((scan.at(p) === 0x22 || scan.at(p) === 0x27 || scan.at(p) === SPACE_CHAR) && p - ke < 14) p++;
  if (scan.at(p) !== 0x3a && scan.at(p) !== 0x3d) return -1;
  p++;
  while (scan.at(p) === SPACE_CHAR && p - ke < 20) p++;
  // `admin_logins = ["ivonete.barros", "hideki.m", "svc-deploy"]`: each login of a list under a user key.
  if (scan.at(p) === 0x5b && userLabel(scan, i, ke)) return handleList(scan, p + 1);
  while ((scan.at(p) === 0x22 || scan.at(p) === 0x27 || scan.at(p) === SPACE_CHAR) && p - ke < 20) p++;
  // A mainframe's login in capitals (`OPERADOR: EBARATA`): spelled from a name, under a user key.
  if (scan.cls(p) & UPPER) return capitalLogin(scan, p, userLabel(scan, i, ke));
  // A login starts with a lower-case letter: most labels' values do not, and their key is not looked up.
  if (!(scan.cls(p) & LOWER) || !(userLabel(scan, i, ke) || ACCOUNT_NAME.test(scan.text.slice(Math.max(0, ke - 14), ke)))) return -1;
  const e = handleEnd(scan, p);
  // An e-mail address (`usuario=valdecir.nazare@gmail.com`) is the e-mail matcher's.
  // `responsavel=joao%20carlos` (read decoded: `joao carlos`): a value of several words is a name, no login.
  if (
    e === p ||
    scan.cls(e) & WORD ||
    scan.at(e) === 0x40 ||
    (scan.at(e) === SPACE_CHAR && scan.cls(e + 1) & LOWER && !nextKey(scan, e + 1)) ||
    botAfter(scan, e)
  )
    return -1;
  if (!personsLogin(scan.text.slice(p, e))) return -1;
  scan.add(p, e, 'name');
  return e;
}

/** Whether the label ending at `ke` names a user: its last word (`usuario`), or a user's word, a particle and it (`Usuário da sessão`). */
function userLabel(scan: Scan, i: number, ke: number): boolean {
  if (userKey(scan.text.slice(i, ke))) return true;
  const m = USER_OF.exec(scan.text.slice(Math.max(0, i - 16), i));
  return m !== null && userKey(m[1] ?? '');
}

/** A user's word and a particle right before a label's last word: `Usuário da `, `login do `. */
const USER_OF = /(?:^|[\s"'])(\p{L}+) d[aeo]s? $/u;

/** A login in capitals at `p` under a user key (`user` says it is one), spelled from a name: adds it and returns its end, or -1. */
function capitalLogin(scan: Scan, p: number, user: boolean): number {
  if (!user) return -1;
  let e = p;
  while (scan.cls(e) & (UPPER | DIGIT) && e - p <= 16) e++;
  if (e - p < 4 || e - p > 16 || scan.cls(e) & WORD || scan.at(e) === 0x40 || scan.at(e) === 0x2e || scan.at(e) === 0x2d) return -1;
  const lower = scan.text.slice(p, e).toLowerCase();
  if (!nameHandle(lower) && !(initialGlued(lower) && personalLogin(lower))) return -1;
  scan.add(p, e, 'name');
  return e;
}

/** Whether another `key=` opens at `p` (`suser=jmbemba duser=-`: a log's fields, not a value of several words). */
function nextKey(scan: Scan, p: number): boolean {
  let q = p;
  while (scan.cls(q) & (LOWER | DIGIT) || scan.at(q) === 0x5f || scan.at(q) === 0x2e || scan.at(q) === 0x2d) q++;
  return q > p && q - p <= 40 && scan.at(q) === 0x3d;
}

/** The quoted logins of a list from `p` to its `]` on the same line: each spelled from a name is added. Returns the end, or -1. */
function handleList(scan: Scan, p: number): number {
  let q = p;
  let found = false;
  for (let items = 0; items < 64; items++) {
    while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x2c) q++;
    const quote = scan.at(q);
    if (quote !== 0x22 && quote !== 0x27) break;
    const s = q + 1;
    const e = handleEnd(scan, s);
    if (scan.at(e) === quote && e > s && nameHandle(scan.text.slice(s, e))) {
      scan.add(s, e, 'name');
      found = true;
    }
    q = e;
    while (scan.at(q) !== quote && q - s < 80) {
      if (scan.at(q) < 0 || scan.at(q) === 0x0a) return -1;
      q++;
    }
    if (scan.at(q) !== quote) return -1;
    q++;
  }
  return found && scan.at(q) === 0x5d ? q + 1 : -1;
}
