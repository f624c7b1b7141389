import type { User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { sameSecret } from '../auth/tokens.js';
import { findCustomArea, type CustomAreaRecord } from './custom-areas.repository.js';

/*
 * Who may read a custom area: its owner, and anyone holding the token of its shared link
 * while it is shared. Everyone else gets the 404 of an area that does not exist, so ids
 * cannot be probed. Kept apart from the service so the gaps module can use it too.
 */

/** Whether `user` (or, with `share`, a link holder) may read the area. */
export function mayRead(area: CustomAreaRecord, user: User | null, share: string | undefined): boolean {
  if (user && area.ownerId === user.id) return true;
  return area.visibility === 'link' && area.shareToken !== null && share !== undefined && sameSecret(share, area.shareToken);
}

/** The area if `user` may read it, else a 404. */
export async function readableArea(db: Queryable, user: User | null, id: string, share: string | undefined): Promise<CustomAreaRecord> {
  const area = await findCustomArea(db, id);
  if (!area || !mayRead(area, user, share)) throw new NotFoundError('custom area', id);
  return area;
}

export const CUSTOM_PREFIX = 'custom:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `custom:<id>` in a gaps query: the area's name and LSOAs, if the asker may read it. */
export async function customAreaScope(
  db: Queryable,
  user: User | null,
  area: string,
  share: string | undefined,
  param: string,
): Promise<{ id: string; name: string; lsoaCodes: string[] }> {
  const id = area.slice(CUSTOM_PREFIX.length);
  if (!UUID.test(id)) throw BadRequestError.forParam(param, `custom areas are named custom:<id>, the id a UUID; got ${area}`);
  const found = await readableArea(db, user, id.toLowerCase(), share);
  return { id: found.id, name: found.name, lsoaCodes: found.lsoaCodes };
}
