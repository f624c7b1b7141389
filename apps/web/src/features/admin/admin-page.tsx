import type { Category } from '@common-ground/schema';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useSession } from '../account/session.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { CategoriesSection } from './categories-section.js';
import { PeopleSection } from './people-section.js';

type Tab = 'people' | 'categories';
const TABS: readonly { tab: Tab; label: string }[] = [
  { tab: 'people', label: 'People' },
  { tab: 'categories', label: 'Categories' },
];

export interface AdminPageProps {
  categories: readonly Category[];
  /** The app's one list of categories, updated after an add or an edit so the map key has it too. */
  onCategoriesChange: (categories: Category[]) => void;
  onBack: () => void;
}

/** Admins manage people (roles, a worker's areas) and the category taxonomy. The server enforces who may. */
export function AdminPage({ categories, onCategoriesChange, onBack }: AdminPageProps) {
  const session = useSession();
  const user = session.user;
  const isAdmin = user?.role === 'admin';
  const [tab, setTab] = useState<Tab>('people');
  const tabsId = useId();
  const tablistRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (user === null) session.requireSignIn();
  }, [user, session]);

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const keys: Record<string, Tab> = { ArrowRight: tab === 'people' ? 'categories' : 'people', ArrowLeft: tab === 'people' ? 'categories' : 'people', Home: 'people', End: 'categories' };
    const next = keys[event.key];
    if (!next) return;
    event.preventDefault();
    setTab(next);
    requestAnimationFrame(() => tablistRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus());
  }

  return (
    <FullPage testId="admin-page" kicker="Administration" title="People and categories" onBack={onBack} busy={user === undefined}>
      {user === undefined && <PanelStatus kind="loading">Loading…</PanelStatus>}
      {user === null && (
        <div className="prose">
          <p>Sign in as an admin to manage people and categories.</p>
          <button type="button" className="button" onClick={() => session.requireSignIn()}>
            Sign in
          </button>
        </div>
      )}
      {user && !isAdmin && (
        <div data-testid="admin-only">
          <PanelStatus kind="error">Only admins can manage people and categories.</PanelStatus>
        </div>
      )}
      {user && isAdmin && (
        <>
          <div ref={tablistRef} role="tablist" aria-label="What to manage" className="tabs">
            {TABS.map(({ tab: t, label }) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`${tabsId}-${t}-tab`}
                aria-selected={tab === t}
                aria-controls={`${tabsId}-${t}-panel`}
                tabIndex={tab === t ? 0 : -1}
                className="tabs__tab"
                onClick={() => setTab(t)}
                onKeyDown={onTabKey}
              >
                {label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`${tabsId}-${tab}-panel`} aria-labelledby={`${tabsId}-${tab}-tab`} className="tabs__panel admin-panel">
            {tab === 'people' ? (
              <PeopleSection me={user} />
            ) : (
              <CategoriesSection categories={categories} onCategoriesChange={onCategoriesChange} />
            )}
          </div>
        </>
      )}
    </FullPage>
  );
}
