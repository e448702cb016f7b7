import { describe, expect, it } from 'vitest';
import { pollStateKey, readPollState } from './poll-state.ts';

const target = 'GET https://example.com/api';

describe('readPollState', () => {
  it('starts empty when the metadata has no poll state', () => {
    expect(readPollState({}, target)).toEqual({ requests: 0, target, etag: null, lastModified: null, fingerprint: null });
  });

  it('keeps validators and fingerprint saved for the same target', () => {
    const saved = { requests: 4, target, etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT', fingerprint: '7-ab' };
    expect(readPollState({ [pollStateKey]: saved }, target)).toEqual(saved);
  });

  it('drops validators saved for another URL or method but keeps counting requests', () => {
    const saved = { requests: 4, target: 'GET https://example.com/old', etag: '"v1"', lastModified: 'x', fingerprint: 'y' };
    expect(readPollState({ poll: saved }, target)).toEqual({ requests: 4, target, etag: null, lastModified: null, fingerprint: null });
    expect(readPollState({ poll: saved }, 'POST https://example.com/old').etag).toBeNull();
  });

  it('reads a malformed value field by field instead of trusting it', () => {
    expect(readPollState({ poll: 'junk' }, target).requests).toBe(0);
    const state = readPollState({ poll: { requests: -2, target, etag: 5, lastModified: null, fingerprint: 'f' } }, target);
    expect(state).toEqual({ requests: 0, target, etag: null, lastModified: null, fingerprint: 'f' });
  });
});
