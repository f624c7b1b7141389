/**
 * `pnpm admin:reset-token --email a@example.org`: prints a one-time password reset token,
 * valid for an hour, to hand to that person (no mail server needed). They send it with a
 * new password to POST /api/auth/reset-password; every session of theirs then ends.
 */
import { parseArgs } from 'node:util';
import { readEnv } from '../env.js';
import { EmbeddedDatabaseBusyError } from '../errors.js';
import { issueResetToken, RESET_TOKEN_TTL_SECONDS } from '../modules/auth/auth.service.js';
import { log, withDatabase } from './with-database.js';

async function main(): Promise<number> {
  const env = readEnv();
  const { values } = parseArgs({ options: { email: { type: 'string' } } });
  if (!values.email) {
    log('Usage: pnpm admin:reset-token --email name@example.org');
    return 2;
  }
  const email = values.email;
  return withDatabase(env, { purpose: 'pnpm admin:reset-token' }, async (db) => {
    const issued = await issueResetToken(db, email);
    if (!issued) {
      log(`No account for ${email}.`);
      return 1;
    }
    log(
      `One-time reset token for ${issued.user.email}, valid for ${RESET_TOKEN_TTL_SECONDS / 60} minutes. ` +
        'Send it with a new password to POST /api/auth/reset-password {"token": "…", "password": "…"}:',
    );
    // Only the token goes to stdout, so scripts can capture it.
    process.stdout.write(`${issued.token}\n`);
    return 0;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof EmbeddedDatabaseBusyError) {
      log(error.message);
      process.exit(2);
    }
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
