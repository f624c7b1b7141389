/**
 * What decides a loaded database's contents: migrations, loader code and data files. The
 * bench databases are rebuilt when this changes, so figures are never taken on a schema
 * older than the code. Also records the commit the figures were taken on.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './api-process.js';

const INPUTS = ['apps/api/migrations', 'apps/api/src/loader', 'data'];

export function databaseFingerprint(): string {
  const hash = createHash('sha256');
  for (const dir of INPUTS) {
    const files = readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
      .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)))
      .sort();
    for (const file of files) {
      hash.update(`${file}\0`);
      hash.update(readFileSync(path.join(REPO_ROOT, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** HEAD and whether the working tree differs from it (read-only git commands). */
export function codeVersion(): { commit: string; dirty: boolean; databaseFingerprint: string } {
  const git = (...args: string[]) => execFileSync('git', ['-C', REPO_ROOT, ...args], { encoding: 'utf8' }).trim();
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = git('rev-parse', '--short', 'HEAD');
    dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'apps/api', 'packages').length > 0;
  } catch {
    // not a git checkout
  }
  return { commit, dirty, databaseFingerprint: databaseFingerprint() };
}
