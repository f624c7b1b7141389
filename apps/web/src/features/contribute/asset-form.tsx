import { AbcdType, AssetInput, CAPACITY_UNITS, PostcodeInput, type AssetInputDraft, type Category, type ClientConfig } from '@common-ground/schema';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/api-client.js';
import { apiIssuesByField, zodIssuesByField, type FieldErrors } from '../../lib/field-issues.js';
import { focusFirstInvalid, SelectField, TextField } from '../panel/form-field.js';
import { toDraft, type AssetFormState, type TriState } from './asset-draft.js';
import { LocationPicker } from './location-picker.js';
import { OpeningHoursField } from './opening-hours-field.js';

export const ABCD_NAMES: Record<AbcdType, string> = {
  individual: 'Individuals (skills and gifts)',
  association: 'Associations (clubs, groups, faith communities)',
  institution: 'Institutions (schools, GP practices, libraries)',
  physical: 'Physical (halls, parks, allotments)',
  economic: 'Economic (local businesses, social enterprises)',
  cultural: 'Cultural (stories, heritage, arts)',
};

const TRI_OPTIONS: { value: TriState; label: string }[] = [
  { value: '', label: 'Not known' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

export interface AssetFormProps {
  initial: AssetFormState;
  categories: readonly Category[];
  config: ClientConfig | null;
  /** Workers see (and may set) the sensitive-location flag. */
  isWorker: boolean;
  submitLabel: string;
  /**
   * Sends the validated draft. A 400's issues are shown by their fields; any other failure
   * is shown above the form unless `onFailure` takes it (returns true), as an edit does a 409.
   */
  onSubmit: (draft: AssetInputDraft) => Promise<void>;
  onFailure?: (error: unknown, draft: AssetInputDraft) => boolean;
  onCancel?: () => void;
}

/** A category's name with its group, so "Youth club" reads "Youth club (Children and young people)". */
function categoryOptions(categories: readonly Category[]) {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  return categories
    .filter((c) => c.parentCode !== null || !categories.some((child) => child.parentCode === c.code))
    .map((c) => {
      const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
      return { value: c.code, label: parent ? `${c.name} (${parent.name})` : c.name };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The asset form: adding, editing and resubmitting all use it, validated with the shared `AssetInput`. */
export function AssetForm({ initial, categories, config, isWorker, submitLabel, onSubmit, onFailure, onCancel }: AssetFormProps) {
  const [form, setForm] = useState<AssetFormState>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [hoursProblem, setHoursProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [postcodeStatus, setPostcodeStatus] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const set =
    <K extends keyof AssetFormState>(key: K) =>
    (value: AssetFormState[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const category = categories.find((c) => c.code === form.categoryCode);

  async function findPostcode() {
    const parsed = PostcodeInput.safeParse(form.postcode);
    if (!parsed.success) {
      setErrors((e) => ({ ...e, postcode: parsed.error.issues[0]?.message ?? 'not a postcode' }));
      return;
    }
    setPostcodeStatus('Looking up the postcode…');
    try {
      const compact = parsed.data.replace(/\s+/g, '');
      const suggestions = await api.suggest(parsed.data, { limit: 3 });
      const match = suggestions.find((s) => s.kind === 'place' && s.placeKind === 'postcode' && s.value.replace(/\s+/g, '').toUpperCase() === compact);
      if (!match || match.kind !== 'place') {
        setPostcodeStatus(null);
        setErrors((e) => ({ ...e, postcode: `we could not find ${parsed.data} in the postcode directory` }));
        return;
      }
      const [lon, lat] = match.location.coordinates;
      setForm((f) => ({ ...f, postcode: match.value, location: [lon, lat], placedBy: 'postcode' }));
      setErrors((e) => ({ ...e, postcode: '', location: '' }));
      setPostcodeStatus(`Pin placed at the centre of ${match.value}. Drag it or click the map to put it exactly where the place is.`);
    } catch (error) {
      setPostcodeStatus(null);
      setErrors((e) => ({ ...e, postcode: errorMessage(error) }));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const draft = toDraft(form, { includeSensitive: isWorker });
    const parsed = AssetInput.safeParse(draft);
    const found: FieldErrors = parsed.success ? {} : zodIssuesByField(parsed.error);
    if (hoursProblem) found.openingHours = hoursProblem;
    if (Object.keys(found).length > 0) {
      setErrors({ '': 'Please correct the problems marked below.', ...found });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await onSubmit(draft);
    } catch (error) {
      if (onFailure?.(error, draft)) return;
      if (error instanceof ApiError && error.issues.length > 0) {
        setErrors({ '': error.message, ...apiIssuesByField(error.issues) });
        requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      } else if (error instanceof ApiError && error.status === 429) {
        setErrors({ '': 'You have made many changes in a short time. Wait a minute, then send again.' });
      } else {
        setErrors({ '': errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  }

  const err = (field: string) => errors[field] || undefined;
  const pinHintId = `${id}-pin-hint`;

  return (
    <form ref={formRef} className="asset-form" onSubmit={(event) => void submit(event)} noValidate data-testid="asset-form">
      {errors[''] && (
        <p className="inline-error" role="alert">
          {errors['']}
        </p>
      )}
      <fieldset className="form-section">
        <legend>What it is</legend>
        <TextField label="Name" name="name" value={form.name} onChange={set('name')} error={err('name')} required />
        <SelectField
          label="Category"
          name="categoryCode"
          value={form.categoryCode}
          onChange={(v) => setForm((f) => ({ ...f, categoryCode: v }))}
          options={[{ value: '', label: 'Choose a category' }, ...categoryOptions(categories)]}
          error={err('categoryCode')}
        />
        {/*
          Residents are never asked for the ABCD type (issue 17): it is the category's own.
          Workers, who use the framework, may override it for one place.
        */}
        {isWorker && (
          <SelectField
            label="ABCD asset type"
            name="abcdType"
            hint="For community workers. Asset-Based Community Development groups what a place has into six kinds; the category gives one unless you choose another."
            value={form.abcdType}
            onChange={set('abcdType')}
            options={[
              { value: '' as const, label: category ? `The category’s own: ${ABCD_NAMES[category.abcdType]}` : 'The category’s own type' },
              ...AbcdType.options.map((t) => ({ value: t, label: ABCD_NAMES[t] })),
            ]}
            error={err('abcdType')}
          />
        )}
        <TextField
          label="Description"
          multiline
          value={form.description}
          onChange={set('description')}
          error={err('description')}
          hint="What happens there, and who it helps."
        />
        <TextField
          label="Who runs it"
          hint="The organisation, group or person responsible."
          value={form.organisation}
          onChange={set('organisation')}
          error={err('organisation')}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>Where it is</legend>
        <p id={pinHintId} className="field-hint">
          Give the postcode and press “Show on the map”, or click the map where the place is. You can drag the pin to adjust it.
        </p>
        <div className="postcode-row">
          <TextField
            label="Postcode"
            name="postcode"
            autoComplete="postal-code"
            value={form.postcode}
            onChange={set('postcode')}
            error={err('postcode') ?? err('location')}
          />
          <button type="button" className="button button--quiet" onClick={() => void findPostcode()}>
            Show on the map
          </button>
        </div>
        <p role="status" className="small muted" data-testid="postcode-status">
          {postcodeStatus}
        </p>
        {config && (
          <LocationPicker
            config={config}
            categories={categories}
            location={form.location}
            describedBy={pinHintId}
            onPlace={(location) => {
              setForm((f) => ({ ...f, location, placedBy: 'map' }));
              setErrors((e) => ({ ...e, location: '' }));
              setPostcodeStatus('Pin placed where you chose on the map.');
            }}
          />
        )}
        {form.location && (
          <p className="small" data-testid="pin-text">
            Pin at {form.location[1].toFixed(5)}, {form.location[0].toFixed(5)}
            {form.placedBy === 'postcode' ? ' (the postcode’s centre)' : ''}.{' '}
            <button type="button" className="link-button" onClick={() => setForm((f) => ({ ...f, location: null, placedBy: null }))}>
              Remove the pin
            </button>
          </p>
        )}
        <TextField
          label="Address"
          hint="Building, street and town."
          value={form.address}
          onChange={set('address')}
          error={err('address')}
          autoComplete="street-address"
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>Contact</legend>
        <TextField label="Phone" type="tel" value={form.phone} onChange={set('phone')} error={err('phone')} />
        <TextField label="Email" type="email" value={form.email} onChange={set('email')} error={err('email')} />
        <TextField label="Website" type="url" hint="Starting http:// or https://" value={form.website} onChange={set('website')} error={err('website')} />
      </fieldset>

      <OpeningHoursField
        value={form.openingHours}
        error={err('openingHours')}
        onChange={(value, problem) => {
          setForm((f) => ({ ...f, openingHours: value }));
          setHoursProblem(problem);
        }}
      />

      <fieldset className="form-section">
        <legend>Who it is for</legend>
        <div className="field-pair">
          <TextField label="Youngest age" inputMode="numeric" value={form.ageMin} onChange={set('ageMin')} error={err('ageMin')} />
          <TextField label="Oldest age" inputMode="numeric" value={form.ageMax} onChange={set('ageMax')} error={err('ageMax')} />
        </div>
        <TextField
          label="Languages spoken"
          hint="Separate them with commas, e.g. English, Urdu, Polish."
          value={form.languages}
          onChange={set('languages')}
          error={err('languages')}
        />
        <SelectField label="Carers welcome" value={form.carersWelcome} onChange={set('carersWelcome')} options={TRI_OPTIONS} error={err('carersWelcome')} />
        <SelectField
          label="Volunteers wanted"
          value={form.volunteersWanted}
          onChange={set('volunteersWanted')}
          options={TRI_OPTIONS}
          error={err('volunteersWanted')}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>How much it offers</legend>
        <p className="field-hint">Leave it empty when you do not know. 0 means none at the moment, such as a group that is full.</p>
        <div className="field-pair">
          <TextField label="Capacity" name="capacity" inputMode="decimal" value={form.capacity} onChange={set('capacity')} error={err('capacity')} />
          <SelectField
            label="Counted in"
            name="capacityUnit"
            value={form.capacityUnit}
            onChange={set('capacityUnit')}
            options={[{ value: '' as const, label: 'Choose what it counts' }, ...CAPACITY_UNITS.map((u) => ({ value: u, label: u }))]}
          />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Access and cost</legend>
        <SelectField
          label="Wheelchair access"
          value={form.wheelchair}
          onChange={set('wheelchair')}
          options={[
            { value: '', label: 'Not known' },
            { value: 'yes', label: 'Yes, step-free throughout' },
            { value: 'limited', label: 'Partly' },
            { value: 'no', label: 'No' },
          ]}
          error={err('wheelchair')}
        />
        <TextField
          label="Accessibility note"
          hint="Hearing loop, accessible toilet, quiet room…"
          value={form.accessibilityNote}
          onChange={set('accessibilityNote')}
          error={err('accessibilityNote')}
        />
        <SelectField
          label="Free"
          value={form.free}
          onChange={set('free')}
          options={[
            { value: '', label: 'Not known' },
            { value: 'yes', label: 'Yes, free' },
            { value: 'no', label: 'No, there is a charge' },
          ]}
          error={err('free')}
        />
        <TextField label="Cost note" hint="e.g. £2 a session, pay what you can." value={form.costNote} onChange={set('costNote')} error={err('costNote')} />
        <SelectField
          label="Is it running?"
          value={form.lifecycleStatus}
          onChange={set('lifecycleStatus')}
          options={[
            { value: 'active', label: 'Open / running' },
            { value: 'temporarily closed', label: 'Temporarily closed' },
            { value: 'inactive', label: 'Not running at the moment' },
            { value: 'defunct', label: 'Closed for good' },
          ]}
          error={err('lifecycleStatus')}
        />
      </fieldset>

      {isWorker && (
        <fieldset className="form-section form-section--warning">
          <legend>Sensitive location</legend>
          <div className="check">
            <input id={`${id}-sensitive`} type="checkbox" checked={form.sensitive} onChange={(e) => set('sensitive')(e.target.checked)} />
            <label htmlFor={`${id}-sensitive`}>Sensitive location (refuge, safe house): never shown publicly</label>
          </div>
          {err('sensitive') && <p className="field-error">{err('sensitive')}</p>}
        </fieldset>
      )}

      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
