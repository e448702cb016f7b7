import { describe, expect, it } from 'vitest';
import { HeartBeatError } from '../heart-beat-error.ts';
import { checkPollInput } from './poll-input.ts';

function refusal(input: unknown): HeartBeatError {
  try {
    checkPollInput(input);
  } catch (error) {
    if (error instanceof HeartBeatError) return error;
    throw error;
  }
  throw new Error(`checkPollInput accepted ${JSON.stringify(input)}`);
}

describe('checkPollInput', () => {
  it('accepts absolute http(s) URLs and root paths with every option', () => {
    expect(() => checkPollInput({ url: 'https://example.com/api?x=1' })).not.toThrow();
    expect(() => checkPollInput({ url: 'http://127.0.0.1:8080' })).not.toThrow();
    expect(() => checkPollInput({ url: '/api/status' })).not.toThrow();
    expect(() =>
      checkPollInput({
        url: '/api',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Token': 'abc' },
        body: '{}',
        responseType: 'text',
        emit: 'always',
      }),
    ).not.toThrow();
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'HEAD']) expect(() => checkPollInput({ url: '/a', method })).not.toThrow();
  });

  it('refuses a missing or non-object input', () => {
    expect(refusal(undefined).message).toBe('Expected `input` to be an object with a `url`, got `undefined` (undefined)');
    expect(refusal('https://example.com').message).toBe(
      'Expected `input` to be an object with a `url`, got `"https://example.com"` (string)',
    );
    expect(refusal([]).message).toBe('Expected `input` to be an object with a `url`, got an array');
    expect(refusal(new Map()).code).toBe('invalid-option');
  });

  it('refuses URLs that are not http(s), relative paths and network-path references', () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'api/x', './x', '//evil.com/x', '', 42]) {
      const error = refusal({ url });
      expect(error.code).toBe('invalid-option');
      expect(error.message).toMatch(/^Expected `input\.url` to be an absolute http\(s\) URL or a path starting with '\/', got /);
    }
    expect(refusal({ url: 'api/x' }).message).toContain('got `"api/x"` (string)');
    expect(refusal({}).message).toContain('got `undefined` (undefined)');
  });

  it('refuses unknown methods, response types and emit modes, quoting the value', () => {
    expect(refusal({ url: '/a', method: 'get' }).message).toBe(
      "Expected `input.method` to be one of 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', got `\"get\"` (string)",
    );
    expect(refusal({ url: '/a', responseType: 'blob' }).message).toBe(
      "Expected `input.responseType` to be one of 'json', 'text', 'status', got `\"blob\"` (string)",
    );
    expect(refusal({ url: '/a', emit: true }).message).toBe(
      "Expected `input.emit` to be one of 'changed', 'always', got `true` (boolean)",
    );
  });

  it('refuses bad headers', () => {
    expect(refusal({ url: '/a', headers: [['a', 'b']] }).message).toBe(
      'Expected `input.headers` to be a plain object of header names to strings, got an array',
    );
    expect(refusal({ url: '/a', headers: { 'X Bad': 'v' } }).message).toBe(
      'Expected `input.headers` to have valid header names, got `"X Bad"` (string)',
    );
    expect(refusal({ url: '/a', headers: { 'X-Count': 3 } }).message).toBe(
      'Expected `input.headers["X-Count"]` to be a string without CR, LF or NUL, got `3` (number)',
    );
    expect(refusal({ url: '/a', headers: { 'X-Split': 'a\r\nSet-Cookie: x' } }).code).toBe('invalid-option');
  });

  it('refuses conditional headers, which the task sends itself', () => {
    expect(refusal({ url: '/a', headers: { 'if-none-match': '"x"' } }).message).toBe(
      'Expected `input.headers` not to set `"if-none-match"` (string): the poll task sends it from the last response',
    );
    expect(refusal({ url: '/a', headers: { 'If-Modified-Since': 'x' } }).code).toBe('invalid-option');
  });

  it('refuses a body that is not a string or comes with GET or HEAD', () => {
    expect(refusal({ url: '/a', method: 'POST', body: { a: 1 } }).message).toBe(
      'Expected `input.body` to be a string, got an object (Object)',
    );
    expect(refusal({ url: '/a', body: 'x' }).message).toBe(
      'Expected no `input.body` with `input.method` `"GET"` (string), got `"x"` (string)',
    );
    expect(refusal({ url: '/a', method: 'HEAD', body: '' }).code).toBe('invalid-option');
  });

  it('refuses unknown fields, so a typo does not pass silently', () => {
    expect(refusal({ url: '/a', responsetype: 'text' }).message).toBe(
      'Expected `input` to have only the fields url, method, headers, body, responseType, emit, got `"responsetype"` (string)',
    );
  });
});
