import type { CustomAreaProfile, DataSource } from '@common-ground/schema';

/** Characters of a label that fit on one line of the 192 px label column (12 px text, up to about 7 px a character). */
const LABEL_LINE_CHARS = 26;

/**
 * A label in at most two lines of the label column, broken between words: long category
 * names ("Community groups and spaces") were cut at the SVG's left edge.
 * @example labelLines('Money, debt and benefits advice') // ['Money, debt and benefits', 'advice']
 */
export function labelLines(label: string, perLine = LABEL_LINE_CHARS): [string] | [string, string] {
  if (label.length <= perLine) return [label];
  const words = label.split(' ');
  let first = '';
  while (words.length > 0 && `${first} ${words[0]}`.trim().length <= perLine) first = `${first} ${words.shift()}`.trim();
  if (!first) first = words.shift() ?? '';
  let second = words.join(' ');
  if (second.length > perLine) second = `${second.slice(0, perLine - 1)}…`;
  return second ? [first, second] : [first];
}

/**
 * The sources a report credits (issue 17: it listed every source loaded, test imports with
 * licence "unknown" included). Area data (boundaries, deprivation, population, capacity) is
 * behind every report; a list of places only when it gives one of the assets inside the area.
 */
export function creditedSources(sources: readonly DataSource[], assetSources: CustomAreaProfile['assetSources']): DataSource[] {
  const used = new Set(assetSources.map((s) => s.code));
  // Area data carries no count of records (it is not a list of places).
  return sources.filter((s) => s.records === null || used.has(s.code));
}
