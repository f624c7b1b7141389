import type { Category } from '@common-ground/schema';
import { useEffect, useState } from 'react';
import { useSession } from '../account/session.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { Tabs } from '../panel/tabs.js';
import { CategoriesSection } from './categories-section.js';
import { PeopleSection } from './people-section.js';

type Tab = 'people' | 'categories';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'people', label: 'People' },
  { id: 'categories', label: 'Categories' },
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

  useEffect(() => {
    if (user === null) session.requireSignIn();
  }, [user, session]);

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
          <Tabs label="What to manage" tabs={TABS} selected={tab} onSelect={setTab} panelClassName="admin-panel">
            {tab === 'people' ? <PeopleSection me={user} /> : <CategoriesSection categories={categories} onCategoriesChange={onCategoriesChange} />}
          </Tabs>
        </>
      )}
    </FullPage>
  );
}
