import type { Category, ClientConfig } from '@common-ground/schema';
import { lazy, Suspense } from 'react';
import { AssetPage } from '../features/assets/asset-page.js';
import type { Route } from '../lib/url-state.js';

/*
 * The pages over the main map (router.tsx says which route shows what): the map stays
 * alive beneath them, so Back finds it unchanged.
 */

// Each page loads when first opened: most visits are to the map and its asset pages, and
// the builder's drawing library alone is larger than the rest of the shell.
const AreaBuilderPage = lazy(async () => ({ default: (await import('../features/custom-areas/area-builder-page.js')).AreaBuilderPage }));
const AccountPage = lazy(async () => ({ default: (await import('../features/account/account-page.js')).AccountPage }));
const PrivacyPage = lazy(async () => ({ default: (await import('../features/account/privacy-page.js')).PrivacyPage }));
const AdminPage = lazy(async () => ({ default: (await import('../features/admin/admin-page.js')).AdminPage }));
const AddAssetPage = lazy(async () => ({ default: (await import('../features/contribute/add-asset-page.js')).AddAssetPage }));
const MySubmissionsPage = lazy(async () => ({ default: (await import('../features/contribute/my-submissions-page.js')).MySubmissionsPage }));
const AreaReportPage = lazy(async () => ({ default: (await import('../features/custom-areas/area-report-page.js')).AreaReportPage }));
const CustomAreaPage = lazy(async () => ({ default: (await import('../features/custom-areas/custom-area-page.js')).CustomAreaPage }));
const MyAreasPage = lazy(async () => ({ default: (await import('../features/custom-areas/my-areas-page.js')).MyAreasPage }));
const ImportPage = lazy(async () => ({ default: (await import('../features/imports/import-page.js')).ImportPage }));
const ModerationPage = lazy(async () => ({ default: (await import('../features/moderation/moderation-page.js')).ModerationPage }));
const NeedsPage = lazy(async () => ({ default: (await import('../features/needs/needs-page.js')).NeedsPage }));

interface PageOverProps {
  route: Route;
  /** The address bar's query string (share tokens, the report's category). */
  search: string;
  /** Null until /api/config has answered: the pages with a map wait for it themselves. */
  config: ClientConfig | null;
  categories: readonly Category[];
  onCategoriesChange: (categories: Category[]) => void;
  onBack: () => void;
  /** From an asset page to its LSOA's panel on the map. */
  onShowArea: (code: string) => void;
}

/** The page a route shows over the map; nothing for the map itself. */
export function PageOver(props: PageOverProps) {
  if (props.route.page === 'map' || props.route.page === 'embed' || props.route.page === 'gaps') return null;
  return (
    <Suspense
      fallback={
        <p role="status" className="page-loading">
          Loading…
        </p>
      }
    >
      <Page {...props} />
    </Suspense>
  );
}

function Page({ route, search, config, categories, onCategoriesChange, onBack, onShowArea }: PageOverProps) {
  const params = new URLSearchParams(search);
  switch (route.page) {
    case 'map':
    case 'embed':
    case 'gaps':
      return null;
    case 'add':
      return <AddAssetPage config={config} categories={categories} onBack={onBack} />;
    case 'account':
      return <AccountPage onBack={onBack} />;
    case 'submissions':
      return <MySubmissionsPage config={config} categories={categories} onBack={onBack} />;
    case 'moderation':
      return <ModerationPage config={config} categories={categories} onBack={onBack} />;
    case 'admin':
      return <AdminPage categories={categories} onCategoriesChange={onCategoriesChange} onBack={onBack} />;
    case 'needs':
      return <NeedsPage onBack={onBack} />;
    case 'import':
      return <ImportPage categories={categories} onBack={onBack} />;
    case 'privacy':
      return <PrivacyPage onBack={onBack} />;
    case 'my-areas':
      return <MyAreasPage onBack={onBack} />;
    case 'new-area':
      return <AreaBuilderPage config={config} onBack={onBack} />;
    case 'custom-area':
      return <CustomAreaPage id={route.id} share={params.get('share')} onBack={onBack} />;
    case 'area-report':
      return <AreaReportPage id={route.id} share={params.get('share')} category={params.get('category')} />;
    case 'asset':
      return <AssetPage id={route.id} config={config} categories={categories} onBack={onBack} onShowArea={onShowArea} />;
  }
}
