/**
 * Conditional GETs (RFC 9110 §13.1.2, If-None-Match), one definition for every route that
 * sends an ETag. If-None-Match uses the *weak* comparison: `W/"x"` matches `"x"` and the
 * other way round, because a proxy that re-encodes or compresses a response may weaken
 * its ETag, and a client revalidating through it must still get a 304. A header may list
 * several tags, or be `*` (any current representation: a GET that has one is not modified).
 */
export interface IfNoneMatch {
  /** `*`: any representation the client may have. */
  any: boolean;
  /** The listed entity tags as opaque tags (quoted, without `W/`), so weak and strong compare alike. */
  tags: string[];
}

const ENTITY_TAG = /^\s*(?:W\/)?("[^"]*")\s*$/;

/** Parses an If-None-Match header; tags that are not entity tags are ignored (they match nothing). */
export function parseIfNoneMatch(header: string | string[] | undefined): IfNoneMatch {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (value.trim() === '*') return { any: true, tags: [] };
  const tags: string[] = [];
  // An entity tag cannot contain a comma-free quote pair split by commas, but its opaque part may hold commas: read quoted runs.
  for (const match of value.matchAll(/(?:W\/)?"[^"]*"/g)) {
    const tag = ENTITY_TAG.exec(match[0]);
    if (tag) tags.push(tag[1]!);
  }
  return { any: false, tags };
}

/** The opaque tag of an ETag we send (`W/"x"` → `"x"`). */
export function opaqueTag(etag: string): string {
  return etag.startsWith('W/') ? etag.slice(2) : etag;
}

/** Whether a GET with this If-None-Match header, for a representation with `etag`, is answered 304. */
export function notModified(header: string | string[] | undefined, etag: string): boolean {
  const condition = parseIfNoneMatch(header);
  return condition.any || condition.tags.includes(opaqueTag(etag));
}
