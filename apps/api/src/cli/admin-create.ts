/**
 * `pnpm admin:create --email a@example.org --name "Ada Admin"`: makes the first admin,
 * or promotes an existing account to admin. A new account's password comes from
 * ADMIN_PASSWORD, or is asked for (not echoed). Audit-logged.
 */
import { parseArgs } from 'node:util';
import { DisplayName, Email, Password } from '@common-ground/schema';
import type { z } from 'zod';
import { readEnv } from '../env.js';
import { EmbeddedDatabaseBusyError } from '../errors.js';
import { createOrPromoteAdmin, isRegistered } from '../modules/auth/auth.service.js';
import { log, withDatabase } from './with-database.js';
import { ask, NoAnswerError } from './prompt.js';

const USAGE = 'Usage: pnpm admin:create --email name@example.org --name "Display Name"';

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what} ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const env = readEnv();
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email) throw new UsageError(`--email is required\n${USAGE}`);
  const email = check(Email, values.email, '--email');
  const displayName = check(DisplayName, values.name ?? email.split('@')[0], '--name');

  await withDatabase(env, { purpose: 'pnpm admin:create' }, async (db) => {
    let password: string | null = null;
    if (!(await isRegistered(db, email))) {
      const given = env.ADMIN_PASSWORD ?? (await ask(`Password for ${email} (at least 12 characters): `, { hidden: true }));
      password = check(Password, given, 'The password');
    }
    const { outcome, user } = await createOrPromoteAdmin(db, { email, displayName, password });
    const said = { created: 'Created admin', promoted: 'Promoted to admin', already_admin: 'Already an admin' }[outcome];
    log(`${said}: ${user.email} (${user.id})`);
  });
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseBusyError || error instanceof UsageError || error instanceof NoAnswerError) {
    log(error.message);
    process.exit(2);
  }
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
