import { AbcdType, type Category } from '@common-ground/schema';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { createCategory, editCategory } from '../../api/admin-api.js';
import { apiIssuesByField, type FieldErrors } from '../../lib/field-issues.js';
import { ABCD_NAMES } from '../contribute/asset-form.js';
import { FieldShell, focusFirstInvalid, SelectField, TextField } from '../panel/form-field.js';
import { categoryDraftErrors, draftFromCategory, newCategoryDraft, toCategoryInput, toCategoryPatch, type CategoryDraft } from './category-draft.js';
import { buildCategoryTree, parentChoices, type CategoryNode } from './category-tree.js';

/** Which form is open: a new category (inside `parentCode`, or at the top) or an edit. */
type Editing = { mode: 'add'; parentCode: string | null } | { mode: 'edit'; code: string } | null;

const ABCD_OPTIONS = AbcdType.options.map((t) => ({ value: t, label: ABCD_NAMES[t] }));

export interface CategoriesSectionProps {
  categories: readonly Category[];
  onCategoriesChange: (categories: Category[]) => void;
}

/** The taxonomy as a tree, each category editable in place, and new ones added inside any of them. */
export function CategoriesSection({ categories, onCategoriesChange }: CategoriesSectionProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const tree = useMemo(() => buildCategoryTree(categories), [categories]);
  // Where focus goes when a form closes: the button that opened it, found by its data attribute.
  const rootRef = useRef<HTMLElement>(null);
  const returnTo = useRef<string | null>(null);

  function open(next: Exclude<Editing, null>, opener: string) {
    returnTo.current = opener;
    setSaved(null);
    setEditing(next);
  }

  function close() {
    setEditing(null);
    const opener = returnTo.current;
    requestAnimationFrame(() => rootRef.current?.querySelector<HTMLElement>(`[data-opener="${CSS.escape(opener ?? '')}"]`)?.focus());
  }

  function onSaved(category: Category, mode: 'add' | 'edit') {
    const rest = categories.filter((c) => c.code !== category.code);
    onCategoriesChange([...rest, category]);
    setSaved(mode === 'add' ? `Added ${category.name} (${category.code}).` : `Saved ${category.name}.`);
    // A new category's own Edit button is where its form was.
    if (mode === 'add') returnTo.current = `edit:${category.code}`;
    close();
  }

  const formFor = (key: Editing) =>
    editing && key && JSON.stringify(editing) === JSON.stringify(key) ? (
      <CategoryForm key={JSON.stringify(editing)} editing={editing} categories={categories} onSaved={onSaved} onCancel={close} />
    ) : null;

  return (
    <section aria-labelledby="admin-categories-heading" ref={rootRef} data-testid="categories">
      <h2 id="admin-categories-heading" className="section-title">
        Categories
      </h2>
      <p className="small muted">Top-level groups give the map its colours; the categories inside them are what people choose when they add a place.</p>
      <p role="status" className="small" data-testid="categories-status">
        {saved}
      </p>
      <p>
        <button type="button" className="button button--quiet" data-opener="add:" onClick={() => open({ mode: 'add', parentCode: null }, 'add:')}>
          Add a top-level group
        </button>
      </p>
      {formFor({ mode: 'add', parentCode: null })}
      {categories.length === 0 ? <p>No categories yet.</p> : <CategoryTree nodes={tree} formFor={formFor} onOpen={open} level={1} />}
    </section>
  );
}

interface CategoryTreeProps {
  nodes: readonly CategoryNode[];
  formFor: (key: Editing) => ReactNode;
  onOpen: (editing: Exclude<Editing, null>, opener: string) => void;
  level: number;
}

function CategoryTree({ nodes, formFor, onOpen, level }: CategoryTreeProps) {
  return (
    <ul className={`category-tree${level > 1 ? ' category-tree--nested' : ''}`} data-testid={level === 1 ? 'category-tree' : undefined}>
      {nodes.map(({ category: c, children }) => (
        <li key={c.code} data-testid="category" data-code={c.code}>
          <div className="category-tree__row">
            <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />
            <span className="category-tree__name">
              <strong>{c.name}</strong> <code className="muted">{c.code}</code>
            </span>
            <span className="category-tree__actions">
              <button
                type="button"
                className="link-button"
                data-opener={`edit:${c.code}`}
                onClick={() => onOpen({ mode: 'edit', code: c.code }, `edit:${c.code}`)}
              >
                Edit<span className="visually-hidden"> {c.name}</span>
              </button>
              <button
                type="button"
                className="link-button"
                data-opener={`add:${c.code}`}
                onClick={() => onOpen({ mode: 'add', parentCode: c.code }, `add:${c.code}`)}
              >
                Add inside<span className="visually-hidden"> {c.name}</span>
              </button>
            </span>
          </div>
          {c.description && <p className="small muted category-tree__description">{c.description}</p>}
          {formFor({ mode: 'edit', code: c.code })}
          {formFor({ mode: 'add', parentCode: c.code })}
          {children.length > 0 && <CategoryTree nodes={children} formFor={formFor} onOpen={onOpen} level={level + 1} />}
        </li>
      ))}
    </ul>
  );
}

interface CategoryFormProps {
  editing: Exclude<Editing, null>;
  categories: readonly Category[];
  onSaved: (category: Category, mode: 'add' | 'edit') => void;
  onCancel: () => void;
}

function CategoryForm({ editing, categories, onSaved, onCancel }: CategoryFormProps) {
  const existing = editing.mode === 'edit' ? categories.find((c) => c.code === editing.code) : undefined;
  const [draft, setDraft] = useState<CategoryDraft>(() =>
    existing ? draftFromCategory(existing) : newCategoryDraft(categories, editing.mode === 'add' ? editing.parentCode : null),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const isEdit = editing.mode === 'edit';
  const parent = editing.mode === 'add' ? categories.find((c) => c.code === editing.parentCode) : undefined;
  const choices = useMemo(() => parentChoices(categories, isEdit ? editing.code : null), [categories, isEdit, editing]);

  useEffect(() => headingRef.current?.focus(), []);

  const set =
    <K extends keyof CategoryDraft>(key: K) =>
    (value: CategoryDraft[K]) => {
      setDraft((d) => ({ ...d, [key]: value }));
      // A field's message goes once it is changed; the form's own stays until the next try.
      setErrors((e) => {
        if (!(key in e)) return e;
        const { [key]: _gone, ...rest } = e;
        return rest;
      });
    };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = categoryDraftErrors(draft, categories, isEdit);
    if (Object.keys(found).length > 0) {
      setErrors({ '': 'Please correct the problems marked below.', ...found });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const saved = isEdit ? await editCategory(editing.code, toCategoryPatch(draft)) : await createCategory(toCategoryInput(draft, categories));
      onSaved(saved, editing.mode);
    } catch (error) {
      // 400 (an unknown parent, a loop) and 409 (a taken code) name their field.
      if (error instanceof ApiError && error.issues.length > 0) {
        setErrors({ '': error.message, ...apiIssuesByField(error.issues, ['body.']) });
        requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      } else if (error instanceof ApiError && error.status === 429) {
        setErrors({ '': 'Many changes in a short time: wait a minute, then save again.' });
      } else {
        setErrors({ '': errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  }

  const title = isEdit ? `Edit ${existing?.name ?? editing.code}` : parent ? `New category inside ${parent.name}` : 'New top-level group';
  return (
    <form ref={formRef} className="card category-form" aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate data-testid="category-form">
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className="card__title">
        {title}
      </h3>
      {errors[''] && (
        <p className="inline-error" role="alert">
          {errors['']}
        </p>
      )}
      {isEdit ? (
        <p className="small">
          Code: <code>{editing.code}</code> (it names the category in links and data, so it does not change)
        </p>
      ) : (
        <TextField
          label="Code"
          value={draft.code}
          onChange={set('code')}
          error={errors.code}
          hint="Lower-case letters and digits, words joined by - or _, such as food-bank. It cannot be changed later."
          name="code"
          required
        />
      )}
      <SelectField label="Inside" value={draft.parentCode} onChange={set('parentCode')} options={choices} error={errors.parentCode} name="parentCode" />
      <TextField label="Name" value={draft.name} onChange={set('name')} error={errors.name} name="name" required />
      <TextField label="Description" value={draft.description} onChange={set('description')} error={errors.description} name="description" multiline />
      <SelectField label="ABCD asset type" value={draft.abcdType} onChange={set('abcdType')} options={ABCD_OPTIONS} error={errors.abcdType} name="abcdType" />
      <FieldShell label="Colour on the map" hint="The map colours every category by its top-level group's colour." error={errors.colour}>
        {({ id, describedBy, invalid }) => (
          <div className="colour-field">
            <input
              id={id}
              name="colour"
              type="color"
              value={draft.colour}
              onChange={(e) => set('colour')(e.target.value)}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
            />
            <code>{draft.colour}</code>
          </div>
        )}
      </FieldShell>
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : isEdit ? 'Save changes' : 'Add category'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
