/**
 * HMAC-SHA256 of short strings, for the masking log. Every masked value costs one HMAC, and
 * `createHmac` spends most of its ~3 µs creating the object and re-deriving the key pads. Here
 * the SHA-256 states after the inner and outer pad blocks are computed once per key (RFC 2104
 * §4 allows exactly this), so a value costs two or three compression rounds in plain integer
 * arithmetic and no allocation besides the hex string. The output is byte for byte
 * `createHmac('sha256', key).update(value, 'utf8').digest('hex')`; a test checks it on random
 * keys and values.
 */
import { createHash } from 'node:crypto';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK = 64;

// Scratch space shared by every key (JavaScript runs one HMAC at a time).
const schedule = new Int32Array(64);
const state = new Int32Array(8);
let message = new Uint8Array(1024);
const outerBlock = new Uint8Array(BLOCK);
const digest = Buffer.alloc(32);
const encoder = new TextEncoder();

/** One SHA-256 compression of `block[offset, offset + 64)` into `h`. */
function compress(h: Int32Array, block: Uint8Array, offset: number): void {
  const w = schedule;
  for (let t = 0; t < 16; t++) {
    const o = offset + 4 * t;
    w[t] = ((block[o] ?? 0) << 24) | ((block[o + 1] ?? 0) << 16) | ((block[o + 2] ?? 0) << 8) | (block[o + 3] ?? 0);
  }
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15] ?? 0;
    const b = w[t - 2] ?? 0;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[t] = ((w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1) | 0;
  }
  let a = h[0] ?? 0;
  let b = h[1] ?? 0;
  let c = h[2] ?? 0;
  let d = h[3] ?? 0;
  let e = h[4] ?? 0;
  let f = h[5] ?? 0;
  let g = h[6] ?? 0;
  let k = h[7] ?? 0;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + s1 + ((e & f) ^ (~e & g)) + (K[t] ?? 0) + (w[t] ?? 0)) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = ((h[0] ?? 0) + a) | 0;
  h[1] = ((h[1] ?? 0) + b) | 0;
  h[2] = ((h[2] ?? 0) + c) | 0;
  h[3] = ((h[3] ?? 0) + d) | 0;
  h[4] = ((h[4] ?? 0) + e) | 0;
  h[5] = ((h[5] ?? 0) + f) | 0;
  h[6] = ((h[6] ?? 0) + g) | 0;
  h[7] = ((h[7] ?? 0) + k) | 0;
}

/** The state after hashing one block: the key XOR-ed with a pad byte. */
function padState(key: Uint8Array, pad: number): Int32Array {
  const block = new Uint8Array(BLOCK).fill(pad);
  for (let i = 0; i < key.length; i++) block[i] = (block[i] ?? 0) ^ (key[i] ?? 0);
  const h = Int32Array.from(INITIAL);
  compress(h, block, 0);
  return h;
}

/** Appends SHA-256 padding for a message of `length` bytes (plus the one pad block already hashed). */
function pad(buffer: Uint8Array, length: number): number {
  let end = length;
  buffer[end++] = 0x80;
  while (end % BLOCK !== 56) buffer[end++] = 0;
  // Bit length, big-endian, counting the pad block; values never reach 2^32 bits.
  const bits = (length + BLOCK) * 8;
  buffer[end++] = 0;
  buffer[end++] = 0;
  buffer[end++] = 0;
  buffer[end++] = Math.floor(bits / 2 ** 32) & 0xff;
  buffer[end++] = (bits >>> 24) & 0xff;
  buffer[end++] = (bits >>> 16) & 0xff;
  buffer[end++] = (bits >>> 8) & 0xff;
  buffer[end++] = bits & 0xff;
  return end;
}

export class HmacSha256 {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;

  constructor(secret: Uint8Array) {
    // Keys longer than a block are hashed first (RFC 2104 §2).
    const key = secret.length > BLOCK ? createHash('sha256').update(secret).digest() : secret;
    this.inner = padState(key, 0x36);
    this.outer = padState(key, 0x5c);
  }

  /** Hex HMAC of the UTF-8 bytes of `value` (lone surrogates become U+FFFD, as in Buffer.from). */
  hex(value: string): string {
    // Three bytes per UTF-16 unit at most, plus up to 72 bytes of padding.
    if (message.length < value.length * 3 + 2 * BLOCK) message = new Uint8Array(value.length * 3 + 2 * BLOCK);
    const length = encoder.encodeInto(value, message).written;
    const end = pad(message, length);
    state.set(this.inner);
    for (let offset = 0; offset < end; offset += BLOCK) compress(state, message, offset);
    for (let i = 0; i < 8; i++) {
      const word = state[i] ?? 0;
      outerBlock[4 * i] = word >>> 24;
      outerBlock[4 * i + 1] = (word >>> 16) & 0xff;
      outerBlock[4 * i + 2] = (word >>> 8) & 0xff;
      outerBlock[4 * i + 3] = word & 0xff;
    }
    pad(outerBlock, 32);
    state.set(this.outer);
    compress(state, outerBlock, 0);
    // One flat string from Buffer's hex encoder: appending 32 two-digit pieces built a rope
    // that was flattened later, about twice the time and a tenth of a cold pass's garbage.
    for (let i = 0; i < 8; i++) {
      const word = state[i] ?? 0;
      digest[4 * i] = word >>> 24;
      digest[4 * i + 1] = (word >>> 16) & 0xff;
      digest[4 * i + 2] = (word >>> 8) & 0xff;
      digest[4 * i + 3] = word & 0xff;
    }
    return digest.toString('hex');
  }
}
