import { describe, expect, it } from 'vitest';
import { parseDevToolsActivePort } from './devtools-active-port.ts';

describe('parseDevToolsActivePort', () => {
  it('reads the port Chromium chose', () => {
    expect(parseDevToolsActivePort('35705\n/devtools/browser/f2a42101-9705-4bbd-b22a-7812fecfc9c4')).toBe(35705);
  });

  it('waits for the second line, so a port cut off mid-write is never used', () => {
    expect(parseDevToolsActivePort('357')).toBeUndefined();
    expect(parseDevToolsActivePort('35705\n')).toBeUndefined();
    expect(parseDevToolsActivePort('')).toBeUndefined();
  });

  it('rejects text that is not a port', () => {
    expect(parseDevToolsActivePort('0\n/devtools/browser/x')).toBeUndefined();
    expect(parseDevToolsActivePort('70000\n/devtools/browser/x')).toBeUndefined();
    expect(parseDevToolsActivePort('port\n/devtools/browser/x')).toBeUndefined();
  });
});
