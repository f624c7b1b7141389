import { Collector } from './collector.js';
import { categoryForTags, describeTags, fieldsFromTags, type OsmTags } from './osm-tags.js';
import { checkPoint, isClosed, largestRingCentroid, meanPoint, round } from './place.js';
import { decodeEntities } from './text.js';
import { ImportFileError, type ImportIssue, type ParseImportOptions, type ParsedImport } from './types.js';

type ElementType = 'node' | 'way' | 'relation';

interface OsmElement {
  type: ElementType;
  id: string;
  /** Byte order in the file, so records come out in file order. */
  order: number;
  line: number;
  lat?: number;
  lon?: number;
  tags: OsmTags;
  nodeRefs: string[];
  members: { type: string; ref: string; role: string }[];
}

/** Tags that say nothing about what a feature is (editors' bookkeeping). */
const BOOKKEEPING = new Set(['created_by', 'source', 'fixme', 'FIXME', 'note', 'attribution']);

function attributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out[m[1]!] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return out;
}

/**
 * Reads the elements of an OSM XML document (`<osm>` with `<node>`, `<way>`, `<relation>`).
 * A small tag scanner rather than a general XML parser: OSM files are flat, attribute-only
 * XML, and this keeps the entry point free of dependencies.
 */
export function readOsmXml(source: string): OsmElement[] {
  if (!/<osm[\s>]/.test(source)) throw new ImportFileError('The file is not OpenStreetMap XML: it has no <osm> element.');
  const elements: OsmElement[] = [];
  let current: OsmElement | null = null;
  let line = 1;
  let lastIndex = 0;
  const TAG = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>/g;
  for (const m of source.matchAll(TAG)) {
    const index = m.index;
    for (let i = lastIndex; i < index; i++) if (source.charCodeAt(i) === 10) line++;
    lastIndex = index;
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (!name) continue;
    if (closing) {
      if (current && name === current.type) current = null;
      continue;
    }
    const a = attributes(rawAttrs ?? '');
    if (name === 'node' || name === 'way' || name === 'relation') {
      const el: OsmElement = { type: name, id: a.id ?? '?', order: index, line, tags: {}, nodeRefs: [], members: [] };
      if (name === 'node') {
        el.lat = a.lat !== undefined ? Number(a.lat) : NaN;
        el.lon = a.lon !== undefined ? Number(a.lon) : NaN;
      }
      // JOSM files keep deleted objects (action="delete"); history exports mark them visible="false".
      if (a.action !== 'delete' && a.visible !== 'false') elements.push(el);
      current = selfClosing ? null : el;
    } else if (current && name === 'tag' && a.k !== undefined) {
      current.tags[a.k] = a.v ?? '';
    } else if (current && name === 'nd' && a.ref !== undefined) {
      current.nodeRefs.push(a.ref);
    } else if (current && name === 'member' && a.ref !== undefined) {
      current.members.push({ type: a.type ?? '', ref: a.ref, role: a.role ?? '' });
    }
  }
  return elements;
}

/**
 * Turns an OSM XML export into import records: tagged nodes as points (exact); tagged
 * ways at their centroid (closed) or vertex mean (open), approximate; tagged relations at
 * their member ways' outer-ring centroid where the members are in the file. Untagged
 * nodes and ways are geometry, not records, and are not reported.
 */
export function parseOsmXml(source: string, options: ParseImportOptions): ParsedImport {
  const elements = readOsmXml(source);
  const nodes = new Map<string, OsmElement>();
  const ways = new Map<string, OsmElement>();
  for (const el of elements) {
    if (el.type === 'node') nodes.set(el.id, el);
    else if (el.type === 'way') ways.set(el.id, el);
  }
  const wayPositions = (way: OsmElement): number[][] =>
    way.nodeRefs.flatMap((ref) => {
      const n = nodes.get(ref);
      return n && Number.isFinite(n.lon) && Number.isFinite(n.lat) ? [[n.lon!, n.lat!]] : [];
    });

  const tagged = elements.filter((el) => Object.keys(el.tags).some((k) => !BOOKKEEPING.has(k)));
  const out = new Collector(options.maxRecords);
  out.expect(tagged.length);
  for (const el of tagged) {
    const ref = `${el.type} ${el.id}`;
    const sourceId = `${el.type}/${el.id}`;
    const fields = fieldsFromTags(el.tags);
    const issues: ImportIssue[] = [];
    const notes: ImportIssue[] = [];
    if (!fields.name) issues.push({ field: 'name', message: `no name tag (${describeTags(el.tags)})` });

    let categoryCode = categoryForTags(options.osmTags, el.tags);
    if (!categoryCode && options.defaultCategory) {
      categoryCode = options.defaultCategory;
      notes.push({ field: 'category', message: `category guessed: no category for tags ${describeTags(el.tags)}, so ${options.defaultCategory} was used` });
    } else if (!categoryCode) {
      issues.push({ field: 'category', message: `no category for tags ${describeTags(el.tags)}` });
    }

    let point: { lon: number; lat: number } | null = null;
    let exact = false;
    if (el.type === 'node') {
      if (!Number.isFinite(el.lat) || !Number.isFinite(el.lon)) issues.push({ field: 'lat', message: 'the node has no usable lat and lon' });
      else {
        point = { lon: el.lon!, lat: el.lat! };
        exact = true;
      }
    } else if (el.type === 'way') {
      const pts = wayPositions(el);
      point = pts.length === 0 ? null : isClosed(pts) ? largestRingCentroid([pts]) : meanPoint(pts);
      if (!point) issues.push({ field: 'geometry', message: 'way without its nodes in the file' });
    } else {
      const memberWays = el.members.filter((m) => m.type === 'way' && m.role !== 'inner').map((m) => ways.get(m.ref));
      const rings = memberWays.flatMap((w) => (w ? [wayPositions(w)] : [])).filter((p) => p.length > 0);
      const memberNodes = el.members.flatMap((m) => {
        const n = m.type === 'node' ? nodes.get(m.ref) : undefined;
        return n && Number.isFinite(n.lon) && Number.isFinite(n.lat) ? [[n.lon!, n.lat!]] : [];
      });
      const closed = rings.filter(isClosed);
      point = closed.length > 0 ? largestRingCentroid(closed) : meanPoint([...rings.flat(), ...memberNodes]);
      if (!point) issues.push({ field: 'geometry', message: 'relation without member geometry in the file' });
    }
    if (point) {
      const problems = checkPoint(point.lon, point.lat, { lon: 'lon', lat: 'lat' });
      if (problems.length > 0) {
        issues.push(...problems);
        point = null;
      }
    }
    if (issues.length > 0 || !fields.name || !categoryCode || !point) {
      out.reject({ ref, line: el.line, sourceId, name: fields.name }, issues);
      continue;
    }
    const { name, ...rest } = fields;
    out.accept({
      ref,
      line: el.line,
      sourceId,
      name,
      categoryCode,
      lon: round(point.lon),
      lat: round(point.lat),
      precision: exact ? 'exact' : 'approximate',
      ...rest,
      issues: notes,
    });
  }
  return { format: 'osm-xml', columns: null, records: out.records, rejected: out.rejected };
}
