import { z } from 'zod';

/**
 * What a person may do. Residents suggest; workers curate; admins manage people and
 * categories. The server enforces every rule; the client only adapts what it shows.
 */
export const Role = z.enum(['resident', 'worker', 'admin']);
export type Role = z.infer<typeof Role>;

/** Shortest and longest password accepted (NIST SP 800-63B: length, not composition rules). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const Email = z.email({ message: 'must be an email address such as name@example.org' }).max(254);

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const DisplayName = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

export const RegisterBody = z.object({
  email: Email,
  password: Password,
  displayName: DisplayName,
});
export type RegisterBody = z.infer<typeof RegisterBody>;

/** Sign-in checks only the shape: the rules for new passwords do not apply to old ones. */
export const SignInBody = z.object({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type SignInBody = z.infer<typeof SignInBody>;

export const ResetPasswordBody = z.object({
  /** The one-time token printed by `pnpm admin:reset-token`. */
  token: z.string().min(16).max(200),
  password: Password,
});
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
});
export type User = z.infer<typeof User>;

/**
 * The signed-in person and the session's CSRF token, which every state-changing request
 * must echo in the `x-csrf-token` header.
 */
export const Me = z.object({
  user: User,
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

/**
 * Who may call an API operation at all: anyone, or what its guard asks (the API's
 * modules/access/guards.ts). The OpenAPI document states it per operation as `x-access`.
 */
export const RouteAccess = z.enum(['anyone', 'signed_in', 'worker', 'admin']);
export type RouteAccess = z.infer<typeof RouteAccess>;
