import { VersionConflictBody, type AssetInputDraft, type AssetWriteResult, type Category, type ClientConfig, type WorkerAsset } from '@common-ground/schema';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/api-client.js';
import { editAsset } from '../../api/assets-api.js';
import { formatDate } from '../../lib/format.js';
import { diffVersions, valueText } from '../../lib/version-diff.js';
import { fromRecord, type AssetFormState } from './asset-draft.js';
import { AssetForm } from './asset-form.js';

export interface EditAssetProps {
  assetId: string;
  initial: AssetFormState;
  /** The version the form's values came from: a write against an older one is a 409. */
  baseVersion: number;
  categories: readonly Category[];
  config: ClientConfig | null;
  isWorker: boolean;
  submitLabel: string;
  onDone: (result: AssetWriteResult) => void;
  onCancel: () => void;
}

/** The fields the form edits, compared in a conflict (the form's own keys). */
const FORM_FIELDS = [
  'name',
  'categoryCode',
  'abcdType',
  'description',
  'location',
  'postcode',
  'address',
  'phone',
  'email',
  'website',
  'openingHours',
  'wheelchair',
  'accessibilityNote',
  'free',
  'costNote',
  'ageMin',
  'ageMax',
  'languages',
  'organisation',
  'carersWelcome',
  'volunteersWanted',
  'lifecycleStatus',
  'sensitive',
] as const;

/**
 * Editing an asset with its version: if someone else saved first, the API answers 409 with
 * the current version, and this shows the two side by side, field by field, so the person
 * can take the current one and re-apply what they meant. Never a lost update.
 */
export function EditAsset({ assetId, initial, baseVersion, categories, config, isWorker, submitLabel, onDone, onCancel }: EditAssetProps) {
  const [start, setStart] = useState({ form: initial, baseVersion, key: 0 });
  const [conflict, setConflict] = useState<{ current: WorkerAsset; yours: AssetInputDraft } | null>(null);

  if (conflict) {
    return (
      <ConflictView
        current={conflict.current}
        yours={conflict.yours}
        isWorker={isWorker}
        onTakeCurrent={() => {
          setStart((s) => ({ form: fromRecord(conflict.current), baseVersion: conflict.current.version, key: s.key + 1 }));
          setConflict(null);
        }}
        onReapply={() => {
          // Their values, now made against the current version: they have seen what it says.
          const yours = {
            ...conflict.yours,
            location: conflict.yours.location ?? conflict.current.location,
            locationPrecision: conflict.yours.location ? 'exact' : 'postcode',
          };
          setStart((s) => ({ form: fromRecord(yours), baseVersion: conflict.current.version, key: s.key + 1 }));
          setConflict(null);
        }}
        onCancel={onCancel}
      />
    );
  }
  return (
    <AssetForm
      key={start.key}
      initial={start.form}
      categories={categories}
      config={config}
      isWorker={isWorker}
      submitLabel={submitLabel}
      onSubmit={async (draft) => onDone(await editAsset(assetId, draft, start.baseVersion))}
      onFailure={(error, draft) => {
        if (!(error instanceof ApiError) || error.status !== 409) return false;
        const body = VersionConflictBody.safeParse(error.body);
        if (!body.success) return false;
        setConflict({ current: body.data.current, yours: draft });
        return true;
      }}
      onCancel={onCancel}
    />
  );
}

interface ConflictViewProps {
  current: WorkerAsset;
  yours: AssetInputDraft;
  isWorker: boolean;
  onTakeCurrent: () => void;
  onReapply: () => void;
  onCancel: () => void;
}

/** Yours and the current version side by side; the fields that differ are marked. */
export function ConflictView({ current, yours, isWorker, onTakeCurrent, onReapply, onCancel }: ConflictViewProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useEffect(() => headingRef.current?.focus(), []);
  const fields = FORM_FIELDS.filter((f) => isWorker || f !== 'sensitive');
  const currentRecord = current as unknown as Record<string, unknown>;
  const yoursRecord = { ...yours, location: yours.location ?? current.location } as Record<string, unknown>;
  const differing = new Set(diffVersions(currentRecord, yoursRecord, fields).map((c) => c.field));
  const labels = Object.fromEntries(diffVersions({}, Object.fromEntries(fields.map((f) => [f, 'x'])), fields).map((c) => [c.field, c.label]));
  return (
    <section className="conflict" aria-labelledby={headingId} data-testid="edit-conflict">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Someone changed this place while you were editing
      </h2>
      <p role="alert">
        Your changes were not saved. The current version (version {current.version}, updated {formatDate(current.updatedAt)}) is shown beside yours;{' '}
        {differing.size === 0 ? 'they say the same.' : `${differing.size} ${differing.size === 1 ? 'field differs' : 'fields differ'} (marked).`}
      </p>
      <div className="table-scroll">
        <table className="data-table conflict__table">
          <caption className="visually-hidden">Your version and the current version, field by field</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Yours</th>
              <th scope="col">Current</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => {
              const differs = differing.has(field);
              return (
                <tr key={field} className={differs ? 'conflict__row--differs' : undefined}>
                  <th scope="row">
                    {labels[field] ?? field}
                    {differs && <span className="badge badge--warning">differs</span>}
                  </th>
                  <td>{valueText(yoursRecord[field])}</td>
                  <td>{valueText(currentRecord[field])}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={onReapply}>
          Keep my values and save them over the current version
        </button>
        <button type="button" className="button button--quiet" onClick={onTakeCurrent}>
          Start again from the current version
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel my edit
        </button>
      </div>
      <p className="small muted">Either way you will see the form again and can check it before saving.</p>
    </section>
  );
}
