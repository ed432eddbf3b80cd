/**
 * SHA-256 of a text (UTF-8), hex: the digests the chain, the row seals and the masking seals are
 * made of, several per request. Node's one-shot `crypto.hash` (Node 20.12 and later) computes it
 * without the Hash object, its wrapper and its stream state that `createHash` builds per call
 * (about a microsecond less per digest of a few KB, measured alone); `createHash` where it is absent.
 */
import * as crypto from 'node:crypto';

type OneShot = (algorithm: string, data: string, outputEncoding: 'hex') => string;

const oneShot = (crypto as unknown as { readonly hash?: OneShot }).hash;

export const sha256Hex: (text: string) => string =
  typeof oneShot === 'function'
    ? (text) => oneShot('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
