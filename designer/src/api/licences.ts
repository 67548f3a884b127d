/** Licences (电子证照) over `@tongban/client`: a holder's licences for staff, and verification (核验). */
import type { LicenceVerification, LicenceView } from '@tongban/client';
import { api } from './client';

export type { LicenceVerification, LicenceView } from '@tongban/client';

/** `GET /licences?holderIdNumber=`: a holder's licences (staff, supervisors). */
export async function fetchHolderLicences(holderIdNumber: string, validOnly = false): Promise<LicenceView[]> {
  return (await api.licences.ofHolder(holderIdNumber, { valid: validOnly, limit: 100 })).licences;
}

/** `POST /licences/verify`: verifies a licence by identifier or by its QR payload. */
export function verifyLicence(input: { identifier?: string; payload?: string }): Promise<LicenceVerification> {
  return api.licences.verify(input);
}
