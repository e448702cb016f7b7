import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint.ts';

describe('fingerprintOf', () => {
  it('gives the same fingerprint for the same text', () => {
    expect(fingerprintOf('{"n":1}')).toBe(fingerprintOf('{"n":1}'));
  });

  it('tells apart texts that differ in one character, in order, or in length', () => {
    const texts = ['', 'a', 'b', 'ab', 'ba', 'aa', '{"n":1}', '{"n":2}', '{"n":1} ', 'é', 'e\u0301'];
    const prints = new Set(texts.map(fingerprintOf));
    expect(prints.size).toBe(texts.length);
  });

  it('stays short however long the text is', () => {
    const print = fingerprintOf('x'.repeat(1_000_000));
    expect(print).toMatch(/^[0-9a-z]+-[0-9a-f]{16}$/);
    expect(print.length).toBeLessThan(30);
  });

  it('has no collisions among many near-identical bodies', () => {
    const prints = new Set<string>();
    for (let n = 0; n < 50_000; n++) prints.add(fingerprintOf(`{"count":${n},"ok":true}`));
    expect(prints.size).toBe(50_000);
  });
});
