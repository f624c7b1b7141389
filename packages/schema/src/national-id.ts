import { z } from 'zod';

/*
 * An asset's identifier in a national register, so anyone can check the record against
 * its source: the scheme is an org-id.guide list code, the id is that list's own code.
 */

/** The registers whose identifiers assets carry, with what each code is called. */
export const NATIONAL_ID_SCHEMES = {
  /** NHS Organisation Data Service (org-id.guide GB-NHS): GP practices, pharmacies, dental practices. */
  'GB-NHS': 'NHS ODS code',
} as const;
export const NationalIdScheme = z.enum(Object.keys(NATIONAL_ID_SCHEMES) as [keyof typeof NATIONAL_ID_SCHEMES]);
export type NationalIdScheme = z.infer<typeof NationalIdScheme>;

/** @example { scheme: 'GB-NHS', id: 'A81001' } (the scheme is one of NATIONAL_ID_SCHEMES) */
export const NationalId = z.object({ scheme: z.string(), id: z.string() });
export type NationalId = z.infer<typeof NationalId>;
