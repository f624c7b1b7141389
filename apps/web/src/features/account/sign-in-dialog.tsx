import { PASSWORD_MIN_LENGTH, RegisterBody, SignInBody, type Me } from '@common-ground/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { register, signIn } from '../../api/account-api.js';
import { apiIssuesByField, zodIssuesByField, type FieldErrors } from '../../lib/field-issues.js';
import { AppLink } from '../panel/app-link.js';
import { focusFirstInvalid, TextField } from '../panel/form-field.js';
import { Tabs } from '../panel/tabs.js';

type Tab = 'sign-in' | 'register';
const DIALOG_TABS: readonly { id: Tab; label: string }[] = [
  { id: 'sign-in', label: 'Sign in' },
  { id: 'register', label: 'Register' },
];

export interface SignInDialogProps {
  open: boolean;
  onClose: () => void;
  onSignedIn: (me: Me) => void;
}

/** Sign in or register, in one modal dialog with two tabs. */
export function SignInDialog({ open, onClose, onSignedIn }: SignInDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [tab, setTab] = useState<Tab>('sign-in');

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="dialog dialog--narrow" aria-labelledby={titleId} onClose={onClose} data-testid="sign-in-dialog">
      <div className="dialog__content">
        <header className="dialog__header">
          <h2 id={titleId}>{tab === 'sign-in' ? 'Sign in' : 'Create an account'}</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
            <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
              <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
        </header>
        <Tabs label="Sign in or register" tabs={DIALOG_TABS} selected={tab} onSelect={setTab}>
          {open && (tab === 'sign-in' ? <SignInForm onSignedIn={onSignedIn} /> : <RegisterForm onSignedIn={onSignedIn} />)}
        </Tabs>
        <p className="small muted">
          What we keep and for how long:{' '}
          <AppLink href="/privacy" onClick={onClose}>
            privacy notice
          </AppLink>
          .
        </p>
      </div>
    </dialog>
  );
}

/** A failed call's per-field problems, or its message under '' when it names no field. */
function failureErrors(error: unknown): FieldErrors {
  if (error instanceof ApiError && error.status === 429) return { '': 'Too many attempts. Wait a minute, then try again.' };
  if (error instanceof ApiError && error.issues.length > 0) return { '': error.message, ...apiIssuesByField(error.issues) };
  return { '': errorMessage(error) };
}

function FormProblem({ errors }: { errors: FieldErrors }) {
  if (!errors['']) return null;
  return (
    <p className="inline-error" role="alert">
      {errors['']}
    </p>
  );
}

function SignInForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = SignInBody.safeParse({ email, password });
    if (!parsed.success) {
      setErrors({ email: email ? '' : 'enter your email address', password: password ? '' : 'enter your password' });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await signIn(parsed.data));
    } catch (error) {
      setErrors(error instanceof ApiError && error.status === 401 ? { '': 'That email and password do not match an account.' } : failureErrors(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
      <FormProblem errors={errors} />
      <TextField label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} error={errors.email || undefined} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={errors.password || undefined}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function RegisterForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = RegisterBody.safeParse({ email, password, displayName });
    if (!parsed.success) {
      setErrors(zodIssuesByField(parsed.error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await register(parsed.data));
    } catch (error) {
      setErrors(failureErrors(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
      <FormProblem errors={errors} />
      <TextField
        label="Your name"
        hint="Shown beside your notes and changes."
        autoComplete="name"
        value={displayName}
        onChange={setDisplayName}
        error={errors.displayName}
      />
      <TextField label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} error={errors.email} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few words you will remember works well.`}
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
