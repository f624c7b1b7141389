import type { AssetWriteResult, Category, ClientConfig } from '@common-ground/schema';
import { useEffect, useRef, useState } from 'react';
import { createAsset } from '../../api/assets-api.js';
import { AppLink } from '../panel/app-link.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { useSession } from '../account/session.js';
import { EMPTY_FORM } from './asset-draft.js';
import { AssetForm } from './asset-form.js';

export interface AddAssetPageProps {
  config: ClientConfig | null;
  categories: readonly Category[];
  onBack: () => void;
}

/** "Add a place or group": the form, then what happens next (published, or sent for review). */
export function AddAssetPage({ config, categories, onBack }: AddAssetPageProps) {
  const session = useSession();
  const [result, setResult] = useState<AssetWriteResult | null>(null);
  const [formKey, setFormKey] = useState(0);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Signed out (a shared link, or after signing out here): ask first, then stay.
    if (session.user === null) session.requireSignIn();
  }, [session]);

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  return (
    <FullPage testId="add-asset-page" kicker="Contribute" title="Add a place or group" onBack={onBack} busy={session.user === undefined}>
      {session.user === undefined && <PanelStatus kind="loading">Loading…</PanelStatus>}
      {session.user === null && (
        <div className="prose">
          <p>Sign in or create an account to add a place or group. It takes a minute.</p>
          <button type="button" className="button" onClick={() => session.requireSignIn()}>
            Sign in or register
          </button>
        </div>
      )}
      {session.user && result && (
        <div ref={resultRef} tabIndex={-1} className="card result-card" role="status" data-testid="add-result">
          {result.outcome === 'pending' ? (
            <>
              <p className="card__title">Sent for review — a community worker will check it.</p>
              <p>
                <strong>{result.asset.name}</strong> is waiting for review. It will appear on the map once a community worker has approved it. Status:{' '}
                <span className="badge badge--pending">Pending review</span>
              </p>
              <p>
                Follow it in <AppLink href="/me/submissions">My submissions</AppLink>.
              </p>
            </>
          ) : (
            <>
              <p className="card__title">Published.</p>
              <p>
                <AppLink href={`/assets/${encodeURIComponent(result.asset.id)}`}>{result.asset.name}</AppLink> is on the map now
                {result.asset.sensitive ? ' for workers only (sensitive location)' : ''}.
              </p>
            </>
          )}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setResult(null);
              setFormKey((k) => k + 1);
            }}
          >
            Add another
          </button>
        </div>
      )}
      {session.user && !result && (
        <>
          <p>
            {session.isWorker
              ? 'As a community worker, what you add is published straight away.'
              : 'A community worker checks every new place before it goes on the map.'}{' '}
            Only the name, category and where it is are needed; add what else you know.
          </p>
          <AssetForm
            key={formKey}
            initial={EMPTY_FORM}
            categories={categories}
            config={config}
            isWorker={session.isWorker}
            submitLabel={session.isWorker ? 'Publish' : 'Send for review'}
            onSubmit={async (draft) => setResult(await createAsset(draft))}
          />
        </>
      )}
    </FullPage>
  );
}
