/**
 * `register verify`: checks a register offline, as `evidence verify` checks a bundle. First the
 * document (canonical bytes, signature by a trusted key, digest of the content), then the content
 * against itself: each operation's derived facts (sensitive data, transfers abroad, undeclared
 * categories, counts) follow from what it states, and the summary is what the operations add up
 * to. So a register edited after signing fails twice: its digest, and its own arithmetic.
 */
import { canonicalJson } from '../audit/canonical.js';
import { extractFromHtml, REGISTER_FORMAT, verifyDocument, type DocumentVerification, type Manifest } from '../evidence/signedDocument.js';
import type { Jwks } from '../evidence/signingKey.js';
import { categoriesMasked, summarizeRegister, undeclared } from './build.js';
import type { ProcessingRegister, RegisterOperation } from './types.js';

export type RegisterProblemCode = 'not_a_register' | 'malformed_content' | 'inconsistent_operation' | 'summary_mismatch';

export interface RegisterProblem {
  readonly code: RegisterProblemCode;
  readonly message: string;
}

export interface RegisterVerification {
  readonly ok: boolean;
  readonly document: DocumentVerification;
  readonly problems: readonly RegisterProblem[];
  readonly register: ProcessingRegister | undefined;
  readonly manifest: Manifest | undefined;
}

function isRegister(value: unknown): value is ProcessingRegister {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    Array.isArray(r['operations']) &&
    Array.isArray(r['rawProcessing']) &&
    typeof r['summary'] === 'object' &&
    r['summary'] !== null &&
    typeof r['period'] === 'object' &&
    r['period'] !== null
  );
}

function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** What one operation states about itself that must agree. */
function operationProblems(operation: RegisterOperation): string[] {
  const problems: string[] = [];
  const observed = operation.observed;
  const say = (what: string): void => void problems.push(`operation ${operation.generator}: ${what}`);
  if (operation.sensitiveData !== operation.dataCategories.some((category) => category.sensitive))
    say(`sensitiveData says ${operation.sensitiveData}, but its categories say otherwise`);
  const abroad = operation.recipients.some((recipient) => recipient.international);
  if (operation.internationalTransfer !== abroad)
    say(`internationalTransfer says ${operation.internationalTransfer}, but its recipients say ${abroad}`);
  if (observed.transfersAbroad !== (abroad ? observed.forwarded : 0))
    say(`${observed.transfersAbroad} transfer(s) abroad do not follow from ${observed.forwarded} forwarded run(s)`);
  if (total(observed.statuses) !== observed.runs) say(`its statuses add up to ${total(observed.statuses)}, not ${observed.runs} runs`);
  if (total(observed.decisions) !== observed.runs) say(`its decisions add up to ${total(observed.decisions)}, not ${observed.runs} runs`);
  if (observed.forwarded > observed.runs) say(`${observed.forwarded} forwarded of ${observed.runs} runs`);
  if (total(observed.maskedByDetector) !== observed.maskedValues)
    say(`its masked values by detector add up to ${total(observed.maskedByDetector)}, not ${observed.maskedValues}`);
  if (canonicalJson(categoriesMasked(observed.maskedByDetector)) !== canonicalJson(observed.maskedByCategory))
    say('its masked values by category do not follow from those by detector');
  const declared = operation.dataCategories.map((category) => category.code);
  if (canonicalJson(undeclared(observed.maskedByCategory, declared)) !== canonicalJson(observed.undeclaredCategories))
    say('its undeclared categories do not follow from what was masked and what it declares');
  return problems;
}

export function verifyRegisterContent(register: ProcessingRegister): RegisterProblem[] {
  const problems: RegisterProblem[] = [];
  for (const operation of register.operations)
    for (const message of operationProblems(operation)) problems.push({ code: 'inconsistent_operation', message });
  const expected = summarizeRegister(register.operations, register.rawProcessing);
  for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
    if (expected[key] !== register.summary[key])
      problems.push({
        code: 'summary_mismatch',
        message: `summary.${key} says ${String(register.summary[key])}, but the operations add up to ${expected[key]}`,
      });
  }
  return problems;
}

/** Verifies a register file (or the HTML page that embeds it) end to end. */
export async function verifyRegisterText(text: string, trusted: Jwks): Promise<RegisterVerification> {
  const embedded = text.trimStart().startsWith('<') ? extractFromHtml(text) : undefined;
  const document = await verifyDocument(embedded ?? text, trusted, { fromHtml: embedded !== undefined });
  const base = { document, manifest: document.manifest };
  if (document.format !== undefined && document.format !== REGISTER_FORMAT)
    return {
      ...base,
      ok: false,
      problems: [{ code: 'not_a_register', message: `this is a ${document.format} document; check it with autogen-gate evidence verify` }],
      register: undefined,
    };
  if (!isRegister(document.content))
    return {
      ...base,
      ok: false,
      problems: document.content === undefined ? [] : [{ code: 'malformed_content', message: 'the content is not a processing register' }],
      register: undefined,
    };
  let problems: RegisterProblem[];
  try {
    problems = verifyRegisterContent(document.content);
  } catch (error) {
    problems = [
      { code: 'malformed_content', message: `the content is not shaped like a processing register (${(error as Error).message})` },
    ];
  }
  return { ...base, ok: document.ok && problems.length === 0, problems, register: document.content };
}
