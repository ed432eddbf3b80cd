/**
 * Writes a generator's `pinned` hash into the policy file as a one-line edit of its text, so the
 * rest of the file (comments, layout, flow maps, key order) stays byte for byte as its authors
 * wrote it: a reviewer's diff shows the pin and nothing else.
 */
import { isMap, isPair, isScalar, parseDocument } from 'yaml';

export class PinWriteError extends Error {
  override readonly name = 'PinWriteError';
  readonly code = 'pin_write_failed';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The policy text with `generators.NAME.pinned` set to `hash` (replaced, or added as the first key). */
export function setPinned(text: string, generator: string, hash: string): string {
  const document = parseDocument(text, { keepSourceTokens: true });
  if (document.errors.length > 0) throw new PinWriteError(`the policy file is not valid YAML: ${document.errors[0]?.message ?? ''}`);
  const existing = document.getIn(['generators', generator, 'pinned'], true);
  if (existing !== undefined) {
    if (!isScalar(existing) || !existing.range) throw new PinWriteError(`generators.${generator}.pinned is not a plain value`);
    const [start, end] = existing.range;
    return `${text.slice(0, start)}${hash}${text.slice(end)}`;
  }
  const node = document.getIn(['generators', generator], true);
  if (!isMap(node) || !node.range) throw new PinWriteError(`generators.${generator} is not defined as a mapping in the policy file`);
  if (node.flow) {
    // `{ upstream: x, ... }`: the pin goes first inside the braces.
    const open = node.range[0];
    const separator = node.items.length === 0 ? '' : ',';
    return `${text.slice(0, open + 1)} pinned: ${hash}${separator}${text.slice(open + 1)}`;
  }
  const first = node.items[0];
  const key = isPair(first) && isScalar(first.key) ? first.key : undefined;
  if (!key?.range) throw new PinWriteError(`generators.${generator} has no keys to place the pin beside`);
  const at = key.range[0];
  const indent = text.slice(lineStart(text, at), at);
  if (indent.trim() !== '')
    throw new PinWriteError(`generators.${generator} is laid out in a way the pin cannot be added to; add it by hand`);
  return `${text.slice(0, at)}pinned: ${hash}\n${indent}${text.slice(at)}`;
}
