import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './bench-options.ts';

describe('parseBenchArgs', () => {
  it('runs everything with the full plan by default', () => {
    const options = parseBenchArgs([]);
    expect(options.quick).toBe(false);
    expect(options.port).toBe(4185);
    expect(options.sections).toEqual(['timing', 'persistence', 'size']);
    expect(options.timing.spells.map((s) => s.hiddenMs)).toEqual([10_000, 75_000]);
    expect(options.persistence.itemCount).toBe(10_000);
  });

  it('gives the full plan at least 1,200 visible beats at the slowest interval', () => {
    const { timing } = parseBenchArgs([]);
    expect(timing.visibleMs / Math.max(...timing.intervalsMs)).toBeGreaterThanOrEqual(1_200);
  });

  it('shortens every duration with --quick', () => {
    const full = parseBenchArgs([]);
    const quick = parseBenchArgs(['--quick']);
    expect(quick.quick).toBe(true);
    expect(quick.timing.visibleMs).toBeLessThan(full.timing.visibleMs);
    expect(quick.timing.spells.every((s, i) => s.hiddenMs < full.timing.spells[i]!.hiddenMs)).toBe(true);
    expect(quick.persistence.throughputDurationMs).toBeLessThan(full.persistence.throughputDurationMs);
  });

  it('takes --port and --only with a space or an equals sign, keeping section order', () => {
    const options = parseBenchArgs(['--port', '4187', '--only=size,timing']);
    expect(options.port).toBe(4187);
    expect(options.sections).toEqual(['timing', 'size']);
  });

  it('names the bad argument and quotes it', () => {
    expect(() => parseBenchArgs(['--port', 'x'])).toThrow('Expected `--port` to be a port number, got "x"');
    expect(() => parseBenchArgs(['--only', 'speed'])).toThrow('got "speed"');
    expect(() => parseBenchArgs(['--only'])).toThrow('Expected a value after `--only`');
    expect(() => parseBenchArgs(['--fast'])).toThrow('Unknown argument "--fast"');
  });
});
