import { hash, verify } from '@node-rs/argon2';

/** argon2id at OWASP's first recommended setting (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
export const ARGON2_MEMORY_KIB = 19 * 1024;
export const ARGON2_TIME_COST = 2;
export const ARGON2_PARALLELISM = 1;
/** @node-rs/argon2's `Algorithm.Argon2id`; its enum is `const` and cannot be imported under isolatedModules. */
const ARGON2ID = 2;

const OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: ARGON2_MEMORY_KIB,
  timeCost: ARGON2_TIME_COST,
  parallelism: ARGON2_PARALLELISM,
} as const;

/**
 * Hashes a password with argon2id and a fresh random salt, in PHC string form.
 * @example await hashPassword('correct horse battery') // '$argon2id$v=19$m=19456,t=2,p=1$…'
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether `password` matches a PHC hash; a malformed hash is a mismatch, not an error. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real check takes when there is no account to check, so response
 * times do not tell which addresses have accounts.
 */
export async function verifyNobody(password: string): Promise<false> {
  dummyHash ??= hashPassword('not anyone’s password');
  await verifyPassword(await dummyHash, password);
  return false;
}
