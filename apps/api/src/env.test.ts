import { describe, expect, it } from 'vitest';
import { readEnv } from './env.js';

describe('readEnv', () => {
  it('defaults to port 3000 on the embedded database', () => {
    const env = readEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTO_LOAD_DATA).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(readEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names each invalid variable', () => {
    expect(() => readEnv({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });

  describe('TRUST_PROXY', () => {
    it('is off by default', () => {
      expect(readEnv({}).TRUST_PROXY).toBe(false);
      expect(readEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    });

    it('takes a hop count', () => {
      expect(readEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
      expect(readEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    });

    it('takes addresses, CIDR ranges and range names', () => {
      expect(readEnv({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,fd00::/8,loopback' }).TRUST_PROXY).toEqual(['10.0.0.5', '10.1.0.0/16', 'fd00::/8', 'loopback']);
    });

    it('refuses true, which would let a client choose its own address', () => {
      expect(() => readEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: true would trust every X-Forwarded-For hop/);
    });

    it('refuses what is neither a count nor an address', () => {
      expect(() => readEnv({ TRUST_PROXY: 'proxy.example.org' })).toThrow(/TRUST_PROXY: not a proxy hop count, address or CIDR range: proxy.example.org/);
      expect(() => readEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/10.0.0.0\/33/);
    });
  });
});
