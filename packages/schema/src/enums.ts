import { z } from 'zod';

/** The six asset types of Asset-Based Community Development (ABCD). */
export const AbcdType = z.enum(['individual', 'association', 'institution', 'physical', 'economic', 'cultural']);
export type AbcdType = z.infer<typeof AbcdType>;

/** HSDS `service.status`: whether the thing still runs. Separate from review. */
export const LifecycleStatus = z.enum(['active', 'inactive', 'defunct', 'temporarily closed']);
export type LifecycleStatus = z.infer<typeof LifecycleStatus>;

/** Where an asset stands in moderation. Only `published` is ever public. */
export const ReviewState = z.enum(['pending', 'published', 'rejected', 'changes_requested']);
export type ReviewState = z.infer<typeof ReviewState>;

/** How exact a pin is: the site itself, a postcode centroid, or an approximate place. */
export const LocationPrecision = z.enum(['exact', 'postcode', 'approximate']);
export type LocationPrecision = z.infer<typeof LocationPrecision>;

/** OpenStreetMap `wheelchair=*` values. */
export const Wheelchair = z.enum(['yes', 'limited', 'no']);
export type Wheelchair = z.infer<typeof Wheelchair>;

/**
 * The English Indices of Deprivation: the overall IMD and its seven domains.
 * Codes match the `measure` column of `need_measures`.
 */
export const DeprivationDomain = z.enum(['imd', 'income', 'employment', 'education', 'health', 'crime', 'housing_and_services', 'environment']);
export type DeprivationDomain = z.infer<typeof DeprivationDomain>;

export const DEPRIVATION_DOMAIN_LABELS: Record<DeprivationDomain, string> = {
  imd: 'Index of Multiple Deprivation',
  income: 'Income',
  employment: 'Employment',
  education: 'Education, skills and training',
  health: 'Health and disability',
  crime: 'Crime',
  housing_and_services: 'Barriers to housing and services',
  environment: 'Living environment',
};

/** Which way a need measure points. IoD scores: a higher score means more deprived. */
export const MeasureDirection = z.enum(['higher_is_more_need', 'lower_is_more_need']);
export type MeasureDirection = z.infer<typeof MeasureDirection>;

/** The IoD release the product ships: English Indices of Deprivation 2025, on LSOA 2021. */
export const IOD_VINTAGE = 'IoD2025';
