import type { LifecycleStatus, LocationPrecision, Wheelchair } from '@common-ground/schema';
import { decileLabel } from '@common-ground/geo';

const numberFormat = new Intl.NumberFormat('en-GB');
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** @example formatCount(33755) // '33,755' */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/**
 * A date the British way. Accepts `YYYY`, `YYYY-MM`, `YYYY-MM-DD` and full ISO timestamps;
 * returns anything else unchanged rather than "Invalid Date".
 * @example formatDate('2025-10-30') // '30 October 2025'
 */
export function formatDate(value: string): string {
  const trimmed = value.trim();
  if (/^\d{4}$/.test(trimmed)) return trimmed;
  const month = /^(\d{4})-(\d{2})$/.exec(trimmed);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return Number.isNaN(date.getTime()) ? value : monthFormat.format(date);
  }
  // Only ISO input: engines "parse" free text such as 'spring 2024' into some date.
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return value;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

/**
 * A decile in words, or a plain "No data" for a missing one.
 * @example decileWords(1) // 'Most deprived 10%'
 */
export function decileWords(decile: number | null): string {
  return decile === null ? 'No data' : decileLabel(decile);
}

/** @example rankText(1203, 33755) // '1,203 of 33,755' */
export function rankText(rank: number | null, outOf: number | null): string | null {
  if (rank === null) return null;
  return outOf === null ? formatCount(rank) : `${formatCount(rank)} of ${formatCount(outOf)}`;
}

/** How exact an asset's pin is, said so a user knows how far to trust it. */
export function precisionText(precision: LocationPrecision): string {
  switch (precision) {
    case 'exact':
      return 'Pin placed at the site itself';
    case 'postcode':
      return 'Pin placed at the postcode centroid: the site is nearby, not exactly here';
    case 'approximate':
      return 'Pin placed approximately: check the address before you travel';
  }
}

export function lifecycleText(status: LifecycleStatus): string {
  switch (status) {
    case 'active':
      return 'Open / running';
    case 'inactive':
      return 'Not running at the moment';
    case 'temporarily closed':
      return 'Temporarily closed';
    case 'defunct':
      return 'Closed for good';
  }
}

export function wheelchairText(wheelchair: Wheelchair | null): string {
  switch (wheelchair) {
    case 'yes':
      return 'Wheelchair accessible';
    case 'limited':
      return 'Partly wheelchair accessible';
    case 'no':
      return 'Not wheelchair accessible';
    case null:
      return 'Wheelchair access not known';
  }
}

/**
 * OpenStreetMap opening hours, one rule per line, exactly as given (we do not reinterpret
 * them: a wrong "open now" is worse than none).
 * @example openingHoursLines('Mo-Fr 09:00-17:00; Sa 10:00-12:00') // ['Mo-Fr 09:00-17:00', 'Sa 10:00-12:00']
 */
export function openingHoursLines(hours: string): string[] {
  return hours
    .split(';')
    .map((rule) => rule.trim())
    .filter((rule) => rule.length > 0);
}

/**
 * A link-safe web address: http(s) only, with `https://` added to a bare host such as
 * `www.example.org`. Anything else (javascript:, mailto:, junk) gives null.
 */
export function safeWebUrl(value: string | null): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname.includes('.')) return null;
    return url.href;
  } catch {
    return null;
  }
}

/** A web address shortened for display: no scheme, no `www.`, no trailing slash. */
export function displayUrl(href: string): string {
  return href
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/$/, '');
}

/** A phone number for a `tel:` link: digits and a leading + only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/(?!^\+)[^\d]/g, '')}`;
}

const LICENCES: Record<string, string> = {
  'OGL-UK-3.0': 'Open Government Licence v3.0',
  'ODbL-1.0': 'Open Database Licence 1.0',
  'CC-BY-4.0': 'Creative Commons Attribution 4.0',
  'CC0-1.0': 'Creative Commons Zero (public domain)',
};

/** A licence's name from its SPDX-like identifier; unknown identifiers are shown as given. */
export function licenceName(id: string): string {
  return LICENCES[id] ?? id;
}

/** A count with its noun, singular or plural. @example plural(1, 'asset') // '1 asset' */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** An age range for a service ("ages 16–25", "ages 65 and over"), or null when open to all. */
export function ageRangeText(min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) return `Ages ${min}–${max}`;
  if (min !== null) return `Ages ${min} and over`;
  if (max !== null) return `Ages up to ${max}`;
  return null;
}
