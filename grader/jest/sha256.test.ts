import { createHash } from 'crypto';
import { sha256Hex } from './sha256';

test('sha256Hex is crypto’s SHA-256 of the UTF-8 bytes, across block edges and all of Unicode', () => {
  const texts = [
    '',
    'abc',
    'x'.repeat(55),
    'y'.repeat(56),
    'z'.repeat(64),
    'w'.repeat(119),
    'calling poll runs the first check at once — before anything is awaited ✓',
    'surrogates 😀 and a lone \ud800 half',
  ];
  for (const text of texts)
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
});

test('sha256Hex does not go through crypto or the array iterator', () => {
  const real = { createHash: (require('crypto') as { createHash: unknown }).createHash };
  const iterator = Object.getPrototypeOf([][Symbol.iterator]()) as { next: () => unknown };
  const next = iterator.next;
  let hash: string;
  try {
    (require('crypto') as { createHash: unknown }).createHash = () => {
      throw new Error('patched');
    };
    iterator.next = () => ({ done: true, value: undefined });
    hash = sha256Hex('abc');
  } finally {
    // Restored before expect, which walks arrays with that iterator itself.
    (require('crypto') as { createHash: unknown }).createHash = real.createHash;
    iterator.next = next;
  }
  expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
