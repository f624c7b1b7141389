import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedDatabaseBusyError } from '../errors.js';
import { acquireEmbeddedLock } from './lock.js';

describe('acquireEmbeddedLock', () => {
  it('refuses a second holder while the first lives, saying what to do', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cg-lock-')), 'pglite');
    const lockFile = `${dir}.lock`;
    // Pretend another live process (this test's parent) holds it.
    writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, purpose: 'pnpm start on port 3000', startedAt: '' }));
    expect(() => acquireEmbeddedLock(dir, 'pnpm data:load')).toThrow(EmbeddedDatabaseBusyError);
    expect(() => acquireEmbeddedLock(dir, 'pnpm data:load')).toThrow(/Stop that process first/);
  });

  it('takes over a lock left by a process that has died, and releases it', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cg-lock-')), 'pglite');
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, purpose: 'old', startedAt: '' }));
    const release = acquireEmbeddedLock(dir, 'test');
    expect(existsSync(`${dir}.lock`)).toBe(true);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
