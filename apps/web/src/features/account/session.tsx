import type { Me, User } from '@common-ground/schema';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getMe, signOut as apiSignOut } from '../../api/account-api.js';
import { retryWhenBusy } from '../../lib/retry-when-busy.js';
import { SignInDialog } from './sign-in-dialog.js';

export interface Session {
  /** undefined while the first /api/auth/me is under way. */
  user: User | null | undefined;
  /** True for workers and admins (admins pass every worker check on the server too). */
  isWorker: boolean;
  /**
   * Opens the sign-in dialog; `then` runs once the person has signed in or registered.
   * Signed in already, `then` runs at once.
   */
  requireSignIn(then?: () => void): void;
  signOut(): Promise<void>;
  /** After the account is deleted: forget the person without asking the server. */
  forget(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/**
 * Who is signed in, for the whole app. The CSRF token from `Me` goes to the API client (the
 * one place that sends it); this only keeps the person, to adapt what the UI offers. The
 * server enforces every rule regardless.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [dialogOpen, setDialogOpen] = useState(false);
  const afterSignIn = useRef<(() => void) | null>(null);
  // Where focus was when the dialog opened: it returns there if the person gives up.
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    // An overloaded server's 503 is not "signed out": ask again before treating the person so.
    retryWhenBusy(() => getMe(controller.signal), controller.signal, 3, 2_000).then(
      (me) => setUser(me?.user ?? null),
      // Not knowing is treated as signed out: a write will ask again.
      () => setUser(null),
    );
    return () => controller.abort();
  }, []);

  const requireSignIn = useCallback(
    (then?: () => void) => {
      if (user) {
        then?.();
        return;
      }
      afterSignIn.current = then ?? null;
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setDialogOpen(true);
    },
    [user],
  );

  const signedIn = useCallback((me: Me) => {
    setUser(me.user);
    setDialogOpen(false);
    const then = afterSignIn.current;
    afterSignIn.current = null;
    if (then) then();
    else returnFocus.current?.focus();
  }, []);

  const closeDialog = useCallback(() => {
    setDialogOpen(false);
    afterSignIn.current = null;
    if (returnFocus.current?.isConnected) returnFocus.current.focus();
  }, []);

  const signOut = useCallback(async () => {
    await apiSignOut();
    setUser(null);
  }, []);

  const forget = useCallback(() => setUser(null), []);

  const session = useMemo<Session>(
    () => ({ user, isWorker: user?.role === 'worker' || user?.role === 'admin', requireSignIn, signOut, forget }),
    [user, requireSignIn, signOut, forget],
  );

  return (
    <SessionContext.Provider value={session}>
      {children}
      <SignInDialog open={dialogOpen} onClose={closeDialog} onSignedIn={signedIn} />
    </SessionContext.Provider>
  );
}

export const ROLE_NAMES: Record<User['role'], string> = {
  resident: 'Resident',
  worker: 'Community worker',
  admin: 'Administrator',
};
