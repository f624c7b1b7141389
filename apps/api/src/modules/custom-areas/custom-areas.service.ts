import {
  CUSTOM_AREA_LIMITS,
  DEPRIVATION_DOMAIN_LABELS,
  ALL_CATEGORIES,
  EquityQuery,
  GapsQuery,
  type AreaShape,
  type CustomArea,
  type CustomAreaInput,
  type CustomAreaPatch,
  type CustomAreaProfile,
  type CustomAreaSummary,
  type ErrorCode,
  type ShareResult,
  type User,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { isWorker } from '../access/access.js';
import { listAnnotationsOnAreas } from '../annotations/annotations.repository.js';
import { randomToken } from '../auth/tokens.js';
import { equity, gaps, resolveGapQuery } from '../gaps/gaps.service.js';
import { provisionFreshness } from '../provision/provision.repository.js';
import { readableArea } from './custom-area-access.js';
import * as repo from './custom-areas.repository.js';
import type { CustomAreaRecord, OutlineInput } from './custom-areas.repository.js';
import type { Db } from '../../db/db.js';

/*
 * Custom areas: any signed-in person saves private areas (a resident their estate, a Big
 * Local partnership its area); only their owner changes or deletes them; workers may also
 * share one by an unguessable link, which the owner can revoke. Everyone else gets a 404.
 */

/** The API shape, for the person asking: only owners see the share token. */
function toCustomArea(area: CustomAreaRecord, user: User | null): CustomArea {
  const { ownerId, shareToken, ...rest } = area;
  const mine = user !== null && ownerId === user.id;
  return { ...rest, mine, shareToken: mine ? shareToken : null };
}

const geometryError = (path: string, code: ErrorCode, message: string) => new AppError(400, code, `${path}: ${message}`, [{ path, message }]);

const tooBig = (sqKm: number) =>
  `this area is ${sqKm.toFixed(1)} km²; custom areas may be at most ${CUSTOM_AREA_LIMITS.maxSqKm} km² (a few wards). Use a local authority's own gaps for more.`;

/** Checks a drawn shape and finds its LSOAs: 400s that say exactly what is wrong. */
async function drawnOutline(db: Queryable, shape: AreaShape): Promise<OutlineInput> {
  const path = 'body.geometry';
  const geojson = JSON.stringify(shape);
  const check = await repo.checkShape(db, geojson);
  if (!check.valid) {
    throw geometryError(path, 'invalid_geometry', `the shape is not a valid polygon (${check.reason}); its edges must not cross or touch themselves`);
  }
  const facts = await repo.shapeFacts(db, geojson);
  if (facts.sqKm < CUSTOM_AREA_LIMITS.minSqKm) throw geometryError(path, 'area_too_small', `this shape is too small (${Math.round(facts.sqKm * 1e6)} m²)`);
  if (facts.sqKm > CUSTOM_AREA_LIMITS.maxSqKm) throw geometryError(path, 'area_too_large', tooBig(facts.sqKm));
  if (!facts.touchesEngland) {
    throw geometryError(path, 'outside_england', 'this shape is not in England; Common Ground maps English neighbourhoods only');
  }
  if (facts.members.length === 0) {
    throw geometryError(
      path,
      'no_lsoas',
      'no neighbourhood (LSOA) has the middle of where its residents live inside this shape; draw it larger, or pick LSOAs instead',
    );
  }
  if (facts.members.length > CUSTOM_AREA_LIMITS.maxLsoas) {
    throw geometryError(path, 'area_too_large', `this shape holds ${facts.members.length} LSOAs; at most ${CUSTOM_AREA_LIMITS.maxLsoas}`);
  }
  return { madeBy: 'drawn', geojson, members: facts.members };
}

/** Checks picked LSOAs: every one must exist, and together stay a sane size. */
async function pickedOutline(db: Queryable, codes: readonly string[]): Promise<OutlineInput> {
  const members = [...new Set(codes)].sort();
  const unknown = await repo.unknownLsoas(db, members);
  if (unknown.length > 0) throw BadRequestError.forParam('body.lsoaCodes', `no English LSOA ${unknown.join(', ')}`);
  const sqKm = await repo.lsoasSqKm(db, members);
  if (sqKm > CUSTOM_AREA_LIMITS.maxSqKm) throw geometryError('body.lsoaCodes', 'area_too_large', tooBig(sqKm));
  return { madeBy: 'lsoas', geojson: null, members };
}

const outlineOf = (db: Queryable, input: { geometry?: AreaShape; lsoaCodes?: string[] }): Promise<OutlineInput> | null =>
  input.geometry ? drawnOutline(db, input.geometry) : input.lsoaCodes ? pickedOutline(db, input.lsoaCodes) : null;

export async function createCustomArea({ db, transact }: Db, user: User, input: CustomAreaInput): Promise<CustomArea> {
  const outline = (await outlineOf(db, input))!;
  const id = await transact((tx) => repo.insertCustomArea(tx, { name: input.name, description: input.description ?? null, ownerId: user.id, ...outline }));
  return toCustomArea((await repo.findCustomArea(db, id))!, user);
}

export async function myCustomAreas(db: Queryable, user: User): Promise<CustomAreaSummary[]> {
  return repo.listCustomAreas(db, user.id);
}

export async function getCustomArea(db: Queryable, user: User | null, id: string, share: string | undefined): Promise<CustomArea> {
  return toCustomArea(await readableArea(db, user, id, share), user);
}

/** The area, locked, if `user` owns it; a 404 to anyone else (a link holder may read, not change). */
async function ownArea(tx: Queryable, user: User, id: string): Promise<CustomAreaRecord> {
  const area = await repo.findCustomArea(tx, id, true);
  if (!area || area.ownerId !== user.id) throw new NotFoundError('custom area', id);
  return area;
}

/** The owner edits, against the version they saw: a stale edit is a 409 with the area as it is now. */
export async function updateCustomArea({ db, transact }: Db, user: User, id: string, patch: CustomAreaPatch): Promise<CustomArea> {
  // The outline is checked before the transaction: it reads only public tables.
  const outline = await outlineOf(db, patch);
  await transact(async (tx) => {
    const before = await ownArea(tx, user, id);
    if (before.version !== patch.baseVersion) {
      throw new ConflictError(
        'version_conflict',
        `This area changed since you opened it (you edited version ${patch.baseVersion}, it is now version ${before.version}). Reload it and edit again.`,
        undefined,
        { current: toCustomArea(before, user) },
      );
    }
    await repo.updateCustomArea(tx, id, {
      name: patch.name ?? before.name,
      description: patch.description === undefined ? before.description : patch.description,
      outline,
    });
  });
  return toCustomArea((await repo.findCustomArea(db, id))!, user);
}

export async function deleteCustomArea({ transact }: Db, user: User, id: string): Promise<void> {
  await transact(async (tx) => {
    await ownArea(tx, user, id);
    await repo.deleteCustomArea(tx, id);
  });
}

/**
 * A worker shares their area by link: a new 256-bit token, kept until unshared. Sharing
 * an area already shared keeps its link, so a copied link goes on working.
 */
export async function shareCustomArea({ transact }: Db, user: User, id: string): Promise<ShareResult> {
  return transact(async (tx) => {
    const area = await ownArea(tx, user, id);
    if (!isWorker(user)) throw new ForbiddenError('workers_only', 'Only community workers can share an area by link.');
    const token = area.shareToken ?? randomToken();
    if (!area.shareToken) await repo.setShareToken(tx, id, token);
    return { visibility: 'link' as const, shareToken: token, path: `/areas/custom/${id}?share=${token}` };
  });
}

/** The owner (whatever their role now) makes the area private: the old link stops working. */
export async function unshareCustomArea({ transact }: Db, user: User, id: string): Promise<void> {
  await transact(async (tx) => {
    await ownArea(tx, user, id);
    await repo.setShareToken(tx, id, null);
  });
}

const PROFILE_NOTES = 100;
const PROFILE_GAP_ROWS = 50;
/** Enough dots for a printed A4 map to show where the assets are without drawing every one. */
export const PROFILE_ASSET_POINTS = 3000;

/** Population, deprivation mix, assets inside, gaps and notes of an area the asker may read. */
export async function customAreaProfile(
  { db }: Db,
  user: User | null,
  id: string,
  share: string | undefined,
  category: string = ALL_CATEGORIES,
): Promise<CustomAreaProfile> {
  const area = await readableArea(db, user, id, share);
  const gapsQuery = GapsQuery.parse({ area: `custom:${id}`, share, format: 'json', category });
  // Read first, so the stored figures used are at least as current as the answer says.
  const freshness = await provisionFreshness(db);
  const named = await resolveGapQuery(db, gapsQuery, user);
  const [deprivation, byCategory, points, assetSources, lsoas, annotations, ranking, gradient] = await Promise.all([
    repo.deprivationMix(db, id),
    repo.assetsByCategory(db, id),
    repo.assetPoints(db, id, PROFILE_ASSET_POINTS),
    repo.assetSources(db, id),
    repo.memberLsoas(db, id),
    listAnnotationsOnAreas(db, area.lsoaCodes, { userId: user?.id ?? null, worker: isWorker(user) }, PROFILE_NOTES),
    gaps(db, gapsQuery, named, DEPRIVATION_DOMAIN_LABELS.imd, freshness),
    equity(db, EquityQuery.parse({ area: `custom:${id}`, share, category }), named, DEPRIVATION_DOMAIN_LABELS.imd, freshness),
  ]);
  const result = ranking.result;
  return {
    ...freshness,
    area: toCustomArea(area, user),
    population: lsoas.reduce((sum, l) => sum + (l.population ?? 0), 0),
    lsoasWithoutPopulation: lsoas.filter((l) => l.population === null).length,
    deprivation,
    assets: { total: byCategory.reduce((sum, c) => sum + c.count, 0), byCategory, points },
    assetSources,
    gaps: {
      category: result.settings.category,
      flagged: result.flagged,
      total: result.total,
      method: result.method,
      rows: result.rows.filter((r) => r.flag).slice(0, PROFILE_GAP_ROWS),
      thresholds: result.thresholds,
      measure: result.settings.measure,
      worstFraction: result.settings.worstFraction,
      coverageCounts: result.coverageCounts,
      noAssetAnywhere: result.noAssetAnywhere,
    },
    equity: gradient.result,
    annotations,
    lsoas,
  };
}
