/**
 * Small text helpers shared by the import readers: decoding the file, HTML to plain text,
 * finding postcodes, matching category names, a stable hash for records without an id.
 */
import { normalisePostcode } from '../postcodes.js';
import { ImportFileError, type ImportIssue, type KnownCategory } from './types.js';

const UTF8_HOW =
  'Save it as UTF-8 and upload it again (in Excel: Save As → "CSV UTF-8 (Comma delimited)"; in LibreOffice or a text editor: choose the UTF-8 character set).';

/** The character sets an import reads: UTF-8 (and UTF-16 with a byte-order mark), or the two older single-byte sets. */
export type ImportEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'iso-8859-1';

/** The offset of the first byte that is not valid UTF-8, or -1: an exact position, for the message. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF are invalid too.
    const b1 = bytes[i + 1]!;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/** The 1-based line of a byte offset. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

/**
 * Decodes an uploaded file. `utf-8` (and UTF-16 with a byte-order mark, which Excel's
 * "Unicode text" writes): bytes that are not UTF-8 are a file error naming the exact byte
 * and line. `windows-1252` / `iso-8859-1`: read as said. `auto` (the default): UTF-8 when
 * the file is valid UTF-8, else Windows-1252 (what older spreadsheets save), with a warning
 * naming the first line that is not UTF-8, so the worker can check that names read right.
 */
export function decodeImportFile(bytes: Uint8Array, encoding: ImportEncoding = 'auto'): { text: string; warnings: ImportIssue[] } {
  if (encoding === 'windows-1252') return { text: new TextDecoder('windows-1252').decode(bytes), warnings: [] };
  if (encoding === 'iso-8859-1') return { text: latin1(bytes), warnings: [] };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), warnings: [] };
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, warnings: [] };
  }
  const where = `byte ${bad}, line ${lineOfByte(bytes, bad)}`;
  if (encoding === 'utf-8') {
    throw new ImportFileError(`The file is not UTF-8 text (at ${where}). ${UTF8_HOW} Or say its encoding (Windows-1252, ISO-8859-1).`, [
      { field: null, message: `not UTF-8 at ${where}` },
    ]);
  }
  return {
    text: new TextDecoder('windows-1252').decode(bytes),
    warnings: [
      {
        field: null,
        message: `The file is not UTF-8 (first at ${where}): read as Windows-1252, as older spreadsheets save. Check that names read right, or say the encoding.`,
      },
    ],
  };
}

/**
 * Decodes an uploaded file as UTF-8 (or UTF-16 with a byte-order mark), stripping a
 * byte-order mark; bytes that are not UTF-8 are a file error naming the byte and line.
 */
export function decodeImportText(bytes: Uint8Array): string {
  return decodeImportFile(bytes, 'utf-8').text;
}

/** Characters UTF-8 text shows when it was read as Windows-1252 or Latin-1 somewhere upstream ("CafÃ©"). */
const MOJIBAKE =
  /Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|Â[\u00a0-\u00bf]|â€[\u0080-\u00ff\u2122\u0153\u0161\u017e\u02dc]|â€/;

/** Whether text looks like UTF-8 misread as a single-byte set ("CafÃ©", "â€™"). */
export function looksLikeMojibake(value: string | null | undefined): boolean {
  return !!value && MOJIBAKE.test(value);
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
  return value
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');
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
