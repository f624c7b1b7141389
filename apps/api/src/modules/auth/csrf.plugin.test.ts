import { describe, expect, it } from 'vitest';
import { csrfProblem, type CsrfInput } from './csrf.plugin.js';

const base: CsrfInput = {
  method: 'POST',
  host: 'map.example.org',
  origin: undefined,
  referer: undefined,
  sessionCsrfToken: undefined,
  headerCsrfToken: undefined,
};

describe('the CSRF rule', () => {
  it('lets reads through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(csrfProblem({ ...base, method, origin: 'https://evil.example', sessionCsrfToken: 't' })).toBeNull();
    }
  });

  it('lets a POST without a session and without Origin or Referer through (not a browser page)', () => {
    expect(csrfProblem(base)).toBeNull();
  });

  it('accepts a POST from its own host, whichever scheme the proxy reports', () => {
    expect(csrfProblem({ ...base, origin: 'https://map.example.org' })).toBeNull();
    expect(csrfProblem({ ...base, referer: 'http://map.example.org/contribute?x=1' })).toBeNull();
  });

  it('refuses a POST from another host, another port, an opaque origin or a non-web scheme', () => {
    for (const origin of ['https://evil.example', 'https://map.example.org:8443', 'null', 'file://', 'chrome-extension://abc']) {
      expect(csrfProblem({ ...base, origin }), origin).toMatch(/Cross-site/);
    }
    expect(csrfProblem({ ...base, referer: 'https://evil.example/x' })).toMatch(/Cross-site/);
  });

  it('judges by Origin when both headers are sent', () => {
    expect(csrfProblem({ ...base, origin: 'https://map.example.org', referer: 'https://elsewhere.example/' })).toBeNull();
  });

  it('requires the session token on every state-changing method of a signed-in request', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(csrfProblem({ ...base, method, sessionCsrfToken: 'secret' })).toMatch(/Missing x-csrf-token/);
      expect(csrfProblem({ ...base, method, sessionCsrfToken: 'secret', headerCsrfToken: 'secreT' })).toMatch(/Wrong x-csrf-token/);
      expect(csrfProblem({ ...base, method, sessionCsrfToken: 'secret', headerCsrfToken: 'secret' })).toBeNull();
    }
  });

  it('refuses a cross-site request even with the right token', () => {
    expect(csrfProblem({ ...base, origin: 'https://evil.example', sessionCsrfToken: 'secret', headerCsrfToken: 'secret' })).toMatch(/Cross-site/);
  });
});
