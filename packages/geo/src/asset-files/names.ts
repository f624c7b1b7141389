/**
 * A name as it is shown and stored: trimmed, runs of white space as one space (source files
 * pad some names: "  DR ROBERTS").
 * @example tidyName('  DR  ROBERTS ') // 'DR ROBERTS'
 */
export function tidyName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Lower-case words of a name, without punctuation or "the", for comparing names. */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(the|st|saint)\b/g, (w) => (w === 'the' ? '' : 'st'))
    .replace(/\s+/g, ' ')
    .trim();
}

function trigrams(name: string): Set<string> {
  const grams = new Set<string>();
  for (const word of normaliseName(name).split(' ')) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/**
 * Trigram similarity of two names (0–1), computed the way PostgreSQL's pg_trgm does,
 * so the loader and later SQL matching agree.
 * @example nameSimilarity('Blackrod Library', 'Blackrod library') // 1
 */
export function nameSimilarity(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  if (ga.size === 0 || gb.size === 0) return 0;
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return shared / (ga.size + gb.size - shared);
}

/**
 * Words that say what kind of place it is rather than which one, per category: the
 * public library register names a library by its place alone ("Marple"), a local list
 * says "Marple Library". Left out when names are compared, so the place name decides.
 */
export const GENERIC_NAME_WORDS: Readonly<Record<string, readonly string[]>> = {
  library: ['library', 'libraries'],
  pharmacy: ['pharmacy', 'pharmacies', 'chemist', 'chemists'],
  dentist: ['dental', 'dentist', 'dentists'],
};

/** The words of a name that tell it apart from others of its category. */
export function distinctiveWords(name: string, category: string): string[] {
  const generic = new Set(GENERIC_NAME_WORDS[category] ?? []);
  return normaliseName(name)
    .split(' ')
    .filter((w) => w !== '' && !generic.has(w));
}

/** Names at least this similar (pg_trgm similarity) can be the same asset. */
export const SIMILAR_NAME = 0.5;

/**
 * Whether two names of one category can name the same asset: similar as written (trigram
 * similarity ≥ 0.5), or similar once the category's generic words are left out, or one's
 * distinctive words all appear in the other ("Partington" and "Partington Library and
 * Wellbeing Centre"; "Old Trafford" and "Old Trafford Library at Limelight").
 * @example namesMatch('Marple', 'Marple Library', 'library') // true
 * @example namesMatch('Hale', 'Sale Library', 'library') // false
 */
export function namesMatch(a: string, b: string, category: string): boolean {
  if (nameSimilarity(a, b) >= SIMILAR_NAME) return true;
  const wa = distinctiveWords(a, category);
  const wb = distinctiveWords(b, category);
  if (wa.length === 0 || wb.length === 0) return false;
  if (nameSimilarity(wa.join(' '), wb.join(' ')) >= SIMILAR_NAME) return true;
  const [shorter, longer] = wa.length <= wb.length ? [wa, new Set(wb)] : [wb, new Set(wa)];
  return shorter.every((w) => longer.has(w));
}

/** Whether two names are the same once case, punctuation and the category's generic words are left out. */
export function sameName(a: string, b: string, category: string): boolean {
  const wa = distinctiveWords(a, category).join(' ');
  return wa !== '' && wa === distinctiveWords(b, category).join(' ');
}
