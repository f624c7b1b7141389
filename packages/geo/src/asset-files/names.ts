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
