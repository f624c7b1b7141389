/**
 * Small text helpers shared by the import readers: decoding the file, HTML to plain text,
 * finding postcodes, matching category names, a stable hash for records without an id.
 */
import { normalisePostcode } from '../postcodes.js';
import { ImportFileError, type KnownCategory } from './types.js';

const UTF8_HOW =
  'Save it as UTF-8 and upload it again (in Excel: Save As → "CSV UTF-8 (Comma delimited)"; in LibreOffice or a text editor: choose the UTF-8 character set).';

/**
 * Decodes an uploaded file as UTF-8, stripping a byte-order mark. UTF-16 with a BOM is
 * accepted (Excel's "Unicode text" writes it); anything else that is not valid UTF-8
 * (usually Latin-1 / Windows-1252 from older spreadsheets) is a file error rather than
 * text with replacement characters in names.
 */
export function decodeImportText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    // Report where the first bad byte is, so a user can find the offending name.
    let offset = 0;
    try {
      for (offset = 0; offset < bytes.length; offset += 1024) {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, offset + 1024), { stream: true });
      }
    } catch {
      /* offset is the start of the failing block */
    }
    throw new ImportFileError(`The file is not UTF-8 text (near byte ${offset}). ${UTF8_HOW}`, [
      { field: null, message: `The file is not UTF-8 text. ${UTF8_HOW}` },
    ]);
  }
}

/** Trims a value read from a file; empty strings become null, numbers become strings. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  pound: '£',
  euro: '€',
  copy: '©',
  bull: '•',
};

/** Decodes HTML/XML character references (`&amp;`, `&#39;`, `&#x2019;`, the common named ones). */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Turns an HTML description into plain text: block ends and `<br>` become line breaks,
 * paragraphs are separated by a blank line, tags go, entities are decoded, runs of spaces
 * collapse. Null when nothing readable is left (`<p><br></p>`).
 * @example htmlToText('<p>Hello&nbsp;there</p><p>Bye</p>') // 'Hello there\n\nBye'
 */
export function htmlToText(html: string | null): string | null {
  if (!html) return null;
  const plain = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|blockquote)>/gi, '\n\n')
    .replace(/<li[^>]*>/gi, '\n• ')
    .replace(/<\/(li|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  const lines = decodeEntities(plain)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim());
  const joined = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return joined === '' ? null : joined;
}

// A full UK postcode in running text; the outward code's shape keeps "AB12" of a phone number out.
const POSTCODE_IN_TEXT = /\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b/gi;

/** The first full UK postcode in a piece of text (an address, a description), normalised. */
export function findPostcode(value: string | null | undefined): string | null {
  if (!value) return null;
  for (const m of value.matchAll(POSTCODE_IN_TEXT)) {
    const pc = normalisePostcode(`${m[1]}${m[2]}`);
    if (pc) return pc;
  }
  return null;
}

/** Lower case, letters and digits only: "Food Bank" = "food-bank" = "food_bank". */
export function squash(value: string): string {
  return value.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]/g, '');
}

/** Matches a cell to a known category by code or name, ignoring case and punctuation. */
export function matchCategory(categories: readonly KnownCategory[], value: string | null): string | null {
  if (!value) return null;
  const key = squash(value);
  if (key === '') return null;
  return (categories.find((c) => squash(c.code) === key) ?? categories.find((c) => squash(c.name) === key))?.code ?? null;
}

/** A short hint listing allowed category codes, for rejection messages. */
export function categoryHint(categories: readonly KnownCategory[]): string {
  const codes = categories.map((c) => c.code);
  return codes.length > 12 ? `${codes.slice(0, 12).join(', ')} … (${codes.length} in all)` : codes.join(', ');
}

/**
 * A stable 64-bit FNV-1a hash as 16 hex digits, for records with no id of their own.
 * Not cryptographic; only needs to tell rows apart and stay the same between uploads.
 * (Written out because this entry point must not depend on node:crypto.)
 */
export function stableHash(value: string): string {
  let h = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(value);
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value when it has the shape of one of our asset ids (a uuid), else null. */
export function assetIdOf(value: string | null | undefined): string | null {
  return value && UUID.test(value) ? value.toLowerCase() : null;
}

/** A register code and its scheme (org-id.guide style, e.g. GB-NHS), both present, as an identifier list. */
export function identifiersOf(scheme: string | null | undefined, value: string | null | undefined): { scheme: string; value: string }[] {
  const s = scheme?.trim();
  const v = value?.trim();
  return s && v ? [{ scheme: s.toUpperCase(), value: v.toUpperCase() }] : [];
}
