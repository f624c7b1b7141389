import { z } from 'zod';
import { Asset, AssetId } from './asset.js';
import { Capacity } from './capacity.js';
import { Role } from './auth.js';
import { CategoryCode } from './category.js';
import { ErrorBody, GssCode, LsoaCode, PgInteger, PointGeometry, VersionNumber } from './common.js';
import { AbcdType, LifecycleStatus, ReviewState, Wheelchair } from './enums.js';

/*
 * The write side: the asset form, proposals and their review, reports, annotations,
 * history, and people. The web form and the API validate with these same schemas.
 */

const optionalText = (max: number, label = 'this') =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional()
    .transform((value) => value ?? null);

/** Longitude/latitude roughly around England; the API also checks the point is in an English LSOA. */
export const ENGLAND_BOUNDS = { minLon: -6.5, minLat: 49.8, maxLon: 2.1, maxLat: 55.9 } as const;

export const AssetLocationInput = PointGeometry.refine(
  ({ coordinates: [lon, lat] }) => lon >= ENGLAND_BOUNDS.minLon && lon <= ENGLAND_BOUNDS.maxLon && lat >= ENGLAND_BOUNDS.minLat && lat <= ENGLAND_BOUNDS.maxLat,
  { message: 'must be a point in England (longitude, latitude)' },
);

/** A UK postcode as people type it; the API looks it up in the shipped ONS directory. */
export const PostcodeInput = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/, 'must be a full postcode such as S1 2HE');

export const AGE_MAX = 120;

/**
 * The asset form. A place comes from a map click (`location`) or a `postcode` (its
 * centre, marked as postcode-precise); one of the two is required.
 */
export const AssetInput = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(200, 'name must be at most 200 characters'),
    categoryCode: CategoryCode,
    /** Leave empty to use the category's ABCD type. */
    abcdType: AbcdType.nullable()
      .optional()
      .transform((v) => v ?? null),
    description: optionalText(5000, 'description'),
    location: AssetLocationInput.nullable()
      .optional()
      .transform((v) => v ?? null),
    postcode: PostcodeInput.nullable()
      .optional()
      .transform((v) => v ?? null),
    address: optionalText(300, 'address'),
    phone: optionalText(40, 'phone'),
    email: z
      .email('must be an email address such as hello@example.org')
      .max(254)
      .or(z.literal(''))
      .nullable()
      .optional()
      .transform((v) => (v ? v : null)),
    website: z
      .url({ protocol: /^https?$/, message: 'must be a web address starting http:// or https://' })
      .max(500)
      .or(z.literal(''))
      .nullable()
      .optional()
      .transform((v) => (v ? v : null)),
    /** OpenStreetMap `opening_hours`, as the structured editor writes it. */
    openingHours: optionalText(500, 'opening hours'),
    wheelchair: Wheelchair.nullable()
      .optional()
      .transform((v) => v ?? null),
    accessibilityNote: optionalText(1000, 'accessibility note'),
    free: z
      .boolean()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    costNote: optionalText(500, 'cost note'),
    ageMin: z
      .number()
      .int()
      .min(0)
      .max(AGE_MAX)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    ageMax: z
      .number()
      .int()
      .min(0)
      .max(AGE_MAX)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    languages: z
      .array(z.string().trim().min(1).max(40))
      .max(20)
      .optional()
      .transform((v) => v ?? []),
    /** Who runs it. */
    organisation: optionalText(200, 'organisation'),
    carersWelcome: z
      .boolean()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    volunteersWanted: z
      .boolean()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    /**
     * How much it offers: a value and a unit (see Capacity). Leave it empty when not known;
     * 0 means known to have none at the moment.
     */
    capacity: Capacity.nullable()
      .optional()
      .transform((v) => v ?? null),
    lifecycleStatus: LifecycleStatus.optional().transform((v) => v ?? 'active'),
    /** Refuges, safe houses: never public. Only workers may set or clear it. */
    sensitive: z
      .boolean()
      .optional()
      .transform((v) => v ?? false),
  })
  .superRefine((value, ctx) => {
    if (!value.location && !value.postcode) {
      ctx.addIssue({ code: 'custom', path: ['location'], message: 'click the map or give a postcode to place it' });
    }
    if (value.ageMin !== null && value.ageMax !== null && value.ageMin > value.ageMax) {
      ctx.addIssue({ code: 'custom', path: ['ageMax'], message: 'the oldest age must not be below the youngest' });
    }
  });
export type AssetInput = z.infer<typeof AssetInput>;
/** What the form holds before validation (the API receives this shape as JSON). */
export type AssetInputDraft = z.input<typeof AssetInput>;

/** An edit says which version it was made against, so a stale write is a 409, not a lost update. */
export const AssetEditBody = z.object({ asset: AssetInput, baseVersion: VersionNumber });
export type AssetEditBody = z.infer<typeof AssetEditBody>;

export const SubmissionStatus = z.enum(['pending', 'approved', 'rejected', 'changes_requested', 'withdrawn']);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export const PersonRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable();
export type PersonRef = z.infer<typeof PersonRef>;

/** A resident's proposal as its author and the workers see it. */
export const Submission = z.object({
  id: z.uuid(),
  assetId: AssetId,
  assetName: z.string(),
  kind: z.enum(['create', 'edit']),
  status: SubmissionStatus,
  reason: z.string().nullable(),
  proposed: z.record(z.string(), z.unknown()),
  baseVersion: z.number().int(),
  submittedBy: PersonRef,
  submittedAt: z.string(),
  reviewedBy: PersonRef,
  reviewedAt: z.string().nullable(),
});
export type Submission = z.infer<typeof Submission>;
export const SubmissionList = z.object({ submissions: z.array(Submission) });

/** Everything a worker may know about an asset, sensitive ones included. Never cached. */
export const WorkerAsset = Asset.extend({
  sensitive: z.boolean(),
  createdBy: PersonRef,
  verifiedBy: PersonRef,
  openSubmissions: z.number().int(),
  openReports: z.number().int(),
});
export type WorkerAsset = z.infer<typeof WorkerAsset>;

/** Workers' list of assets by review state, sensitive ones included (never cached). */
export const WorkerAssetListQuery = z.object({
  state: ReviewState.optional(),
  sensitive: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  /**
   * `recent`: most recently changed first. `stale`: places to re-check (issue 17): running
   * ones in the areas the worker curates, the longest since anyone checked them first
   * (never checked: since the source's date).
   */
  order: z.enum(['recent', 'stale']).default('recent'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type WorkerAssetListQuery = z.infer<typeof WorkerAssetListQuery>;
export const WorkerAssetList = z.object({
  assets: z.array(WorkerAsset),
  /** True when there are more assets after this page. */
  more: z.boolean(),
});
export type WorkerAssetList = z.infer<typeof WorkerAssetList>;

/** 201/200/202 from creating or editing an asset: what happened and what the asset is now. */
export const AssetWriteResult = z.object({
  /** `published`: the change is live. `pending`: it waits for a worker. */
  outcome: z.enum(['published', 'pending']),
  asset: WorkerAsset,
  submission: Submission.nullable(),
});
export type AssetWriteResult = z.infer<typeof AssetWriteResult>;

/** 409 on a stale write: both versions, so the person can compare and redo their change. */
export const VersionConflictBody = ErrorBody.extend({
  current: WorkerAsset,
  yours: z.record(z.string(), z.unknown()).optional(),
});
export type VersionConflictBody = z.infer<typeof VersionConflictBody>;

export const ReviewDecisionBody = z
  .object({
    decision: z.enum(['approve', 'reject', 'request_changes']),
    /** Required when rejecting or asking for changes: the resident sees it. */
    reason: z.string().trim().max(2000).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.decision !== 'approve' && !value.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say why, so the resident can act on it' });
    }
  });
export type ReviewDecisionBody = z.infer<typeof ReviewDecisionBody>;

export const ReportKind = z.enum(['closed', 'wrong_details']);
export type ReportKind = z.infer<typeof ReportKind>;
export const ReportBody = z.object({
  kind: ReportKind,
  message: z.string().trim().max(2000, 'message must be at most 2000 characters').optional(),
});
export type ReportBody = z.infer<typeof ReportBody>;
export const Report = z.object({
  id: z.uuid(),
  assetId: AssetId,
  assetName: z.string(),
  kind: ReportKind,
  message: z.string().nullable(),
  status: z.enum(['open', 'resolved', 'dismissed']),
  createdAt: z.string(),
  resolvedBy: PersonRef,
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});
export type Report = z.infer<typeof Report>;
export const ResolveReportBody = z.object({
  status: z.enum(['resolved', 'dismissed']),
  note: z.string().trim().max(2000).optional(),
});
export type ResolveReportBody = z.infer<typeof ResolveReportBody>;

/** The moderation queue: proposals waiting and open reports, within the worker's areas. */
export const ModerationQueue = z.object({
  submissions: z.array(Submission),
  reports: z.array(Report),
});
export type ModerationQueue = z.infer<typeof ModerationQueue>;

export const VerifyBody = z.object({ baseVersion: VersionNumber });
export type VerifyBody = z.infer<typeof VerifyBody>;

export const RevertBody = z.object({
  /** The version to return to. */
  toVersion: VersionNumber,
  baseVersion: VersionNumber,
});
export type RevertBody = z.infer<typeof RevertBody>;

export const HistoryEntry = z.object({
  id: z.number().int(),
  version: z.number().int().nullable(),
  action: z.string(),
  actor: PersonRef,
  proposedBy: PersonRef,
  at: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  /** Field names whose value differs between before and after. */
  changed: z.array(z.string()),
  note: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export const History = z.object({ entries: z.array(HistoryEntry) });
export type History = z.infer<typeof History>;

// Annotations -----------------------------------------------------------------------

export const AnnotationVisibility = z.enum(['public', 'workers']);
export type AnnotationVisibility = z.infer<typeof AnnotationVisibility>;

export const AnnotationBody = z.object({
  body: z.string().trim().min(1, 'write something').max(2000, 'a note must be at most 2000 characters'),
  visibility: AnnotationVisibility.optional().transform((v) => v ?? 'public'),
});
export type AnnotationBody = z.infer<typeof AnnotationBody>;
/** An edit keeps the note's visibility unless it names one (so a workers-only note never turns public by omission). */
export const AnnotationEditBody = z.object({
  body: AnnotationBody.shape.body,
  visibility: AnnotationVisibility.optional(),
  baseVersion: VersionNumber,
});
export type AnnotationEditBody = z.infer<typeof AnnotationEditBody>;

export const Annotation = z.object({
  id: z.uuid(),
  target: z.discriminatedUnion('type', [z.object({ type: z.literal('asset'), assetId: AssetId }), z.object({ type: z.literal('area'), areaCode: LsoaCode })]),
  body: z.string(),
  visibility: AnnotationVisibility,
  author: PersonRef,
  version: z.number().int(),
  /** Shown only to workers and the author; the public never sees hidden notes. */
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Annotation = z.infer<typeof Annotation>;
export const AnnotationList = z.object({ annotations: z.array(Annotation) });
export const HideAnnotationBody = z
  .object({ hidden: z.boolean(), reason: z.string().trim().max(500, 'a reason must be at most 500 characters').optional() })
  .superRefine((value, ctx) => {
    if (value.hidden && !value.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say why the note is hidden: its author sees the reason' });
    }
  });
export type HideAnnotationBody = z.infer<typeof HideAnnotationBody>;
/** 409 on a stale note edit: the note as it is now, so its author can redo their change. */
export const AnnotationConflictBody = ErrorBody.extend({ current: Annotation });
export type AnnotationConflictBody = z.infer<typeof AnnotationConflictBody>;

// People ----------------------------------------------------------------------------

export const AdminUser = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
  areaLimits: z.array(z.object({ code: GssCode, name: z.string() })),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof AdminUser>;
export const AdminUserList = z.object({ users: z.array(AdminUser) });
export const RoleBody = z.object({ role: Role });
/** Empty: the worker may curate anywhere. */
export const AreaLimitsBody = z.object({ areaCodes: z.array(GssCode).max(100) });

export const CategoryInput = z.object({
  code: CategoryCode,
  parentCode: CategoryCode.nullable(),
  name: z.string().trim().min(1).max(100),
  description: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .transform((v) => v ?? ''),
  abcdType: AbcdType,
  colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #1b9e77'),
  sortOrder: PgInteger.optional().transform((v) => v ?? 0),
});
export type CategoryInput = z.infer<typeof CategoryInput>;
export const CategoryPatch = CategoryInput.omit({ code: true }).partial();

export const DeleteAccountBody = z.object({ password: z.string().min(1).max(200) });

/** Everything kept about a person, for "download my data". */
export const AccountExport = z.object({
  exportedAt: z.string(),
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), role: Role, createdAt: z.string() }),
  sessions: z.array(z.object({ createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string() })),
  submissions: z.array(Submission),
  /** Notes they deleted are kept (for history) and so are listed, with when. */
  annotations: z.array(Annotation.extend({ deletedAt: z.string().nullable() })),
  reports: z.array(Report),
  changes: z.array(HistoryEntry.extend({ entityType: z.string(), entityId: z.string() })),
  auditLog: z.array(z.object({ at: z.string(), action: z.string(), ip: z.string().nullable(), details: z.record(z.string(), z.unknown()) })),
});
export type AccountExport = z.infer<typeof AccountExport>;
