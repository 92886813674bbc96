/**
 * SHA-256 of a string's UTF-8 bytes, in hex, computed with nothing but operators and frozen
 * intrinsics. The test setup turns titles into ids with it while student code runs in the same
 * realm: `crypto.createHash` and the Hash prototypes are objects student code can patch (making a
 * title of its choice hash to a planned test's id), operators are not. No iterators, no push.
 */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const HEX = '0123456789abcdef';

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
    if (code < 0x80) bytes[bytes.length] = code;
    else if (code < 0x800) {
      bytes[bytes.length] = 0xc0 | (code >> 6);
      bytes[bytes.length] = 0x80 | (code & 63);
    } else if (code < 0x10000) {
      bytes[bytes.length] = 0xe0 | (code >> 12);
      bytes[bytes.length] = 0x80 | ((code >> 6) & 63);
      bytes[bytes.length] = 0x80 | (code & 63);
    } else {
      bytes[bytes.length] = 0xf0 | (code >> 18);
      bytes[bytes.length] = 0x80 | ((code >> 12) & 63);
      bytes[bytes.length] = 0x80 | ((code >> 6) & 63);
      bytes[bytes.length] = 0x80 | (code & 63);
    }
  }
  return bytes;
}

export function sha256Hex(text: string): string {
  const bytes = utf8(text);
  const bitLength = bytes.length * 8;
  bytes[bytes.length] = 0x80;
  while (bytes.length % 64 !== 56) bytes[bytes.length] = 0;
  // The length in bits as 64 bits, big-endian (titles are far below 2^32 bits).
  for (let shift = 56; shift >= 0; shift -= 8)
    bytes[bytes.length] = shift >= 32 ? 0 : (bitLength >>> shift) & 255;
  const h = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ];
  const w: number[] = [];
  const rotate = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let block = 0; block < bytes.length; block += 64) {
    for (let t = 0; t < 16; t++)
      w[t] =
        (bytes[block + 4 * t] << 24) |
        (bytes[block + 4 * t + 1] << 16) |
        (bytes[block + 4 * t + 2] << 8) |
        bytes[block + 4 * t + 3];
    for (let t = 16; t < 64; t++) {
      const s0 = rotate(w[t - 15], 7) ^ rotate(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotate(w[t - 2], 17) ^ rotate(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    // Indexed reads, not destructuring: an array iterator's next() is a patchable method.
    let a = h[0],
      b = h[1],
      c = h[2],
      d = h[3],
      e = h[4],
      f = h[5],
      g = h[6],
      k = h[7];
    for (let t = 0; t < 64; t++) {
      const t1 =
        (k + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) |
        0;
      const t2 =
        ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const add = [a, b, c, d, e, f, g, k];
    for (let i = 0; i < 8; i++) h[i] = (h[i] + add[i]) | 0;
  }
  let out = '';
  for (let i = 0; i < 8; i++)
    for (let shift = 28; shift >= 0; shift -= 4) out += HEX[(h[i] >>> shift) & 15];
  return out;
}
