import type { z } from 'zod';

/** Problems keyed by form field (`name`, `ageMax` …), the first message for each. */
export type FieldErrors = Record<string, string>;

/**
 * The API's 400 issues keyed by the form's field names. The API names a field by where it
 * sits in the request (`body.email`, `body.asset.name` for an edit); the form by its own key.
 * Issues on no known field go under `''` (shown above the form).
 * @example apiIssuesByField([{ path: 'body.asset.name', message: 'name is required' }]) // { name: 'name is required' }
 */
export function apiIssuesByField(issues: readonly { path: string; message: string }[], prefixes = ['body.asset.', 'body.']): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const prefix = prefixes.find((p) => issue.path.startsWith(p));
    const rest = prefix ? issue.path.slice(prefix.length) : issue.path === 'body' ? '' : issue.path;
    // A nested path (`location.coordinates`, `languages.0`) belongs to its top field.
    const field = rest.split('.')[0] ?? '';
    errors[field] ??= issue.message;
  }
  return errors;
}

/**
 * A zod error from the shared schema keyed the same way, so the client shows the very
 * messages the API would.
 */
export function zodIssuesByField(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    errors[field] ??= issue.message;
  }
  return errors;
}
