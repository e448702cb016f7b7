import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRatio, formatShare, formatTable } from './report-table.ts';

describe('formatTable', () => {
  it('pads text columns left-aligned and number columns right-aligned, under a rule', () => {
    const table = formatTable(['source', 'p99'], [['heartbeat', '1.25'], ['main-interval', '180.00']]);
    expect(table.split('\n')).toEqual([
      'source            p99',
      '-------------  ------',
      'heartbeat        1.25',
      'main-interval  180.00',
    ]);
  });

  it('treats n/a and – as numbers for alignment', () => {
    expect(formatTable(['x'], [['n/a'], ['12.5×'], ['–']]).split('\n').slice(2)).toEqual(['  n/a', '12.5×', '    –']);
  });
});

describe('number formats', () => {
  it('formats ms, shares and bytes, with – for no figure', () => {
    expect(formatMs(1.234)).toBe('1.23');
    expect(formatMs(Number.NaN)).toBe('–');
    expect(formatShare(0.9987)).toBe('99.9 %');
    expect(formatShare(Number.NaN)).toBe('–');
    expect(formatBytes(4321)).toBe('4,321 B');
  });

  it('formats ratios to two significant digits below 10, whole above', () => {
    expect(formatRatio(3.4, 1)).toBe('3.4×');
    expect(formatRatio(1, 4)).toBe('0.25×');
    expect(formatRatio(180, 1.5)).toBe('120×');
  });

  it('gives n/a where a ratio would mean nothing', () => {
    expect(formatRatio(5, 0)).toBe('n/a');
    expect(formatRatio(5, -1)).toBe('n/a');
    expect(formatRatio(Number.NaN, 1)).toBe('n/a');
  });
});
