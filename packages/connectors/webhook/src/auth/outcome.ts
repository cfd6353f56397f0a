/** The result of an authorization check. */
import type { SecurityReason } from '../responses.js';

export type AuthOutcome =
  | { ok: true }
  /**
   * Rejected: `details` goes to the caller (Camunda's wording), `why` to the activity log. Neither
   * carries a credential.
   */
  | { ok: false; status: 401 | 403; reason: SecurityReason; details: string; why: string }
  /** The check itself could not run (a key set out of reach): not the caller's fault. */
  | { ok: false; status: 503; details: string; why: string };

export const invalidCredentials = (details: string, why: string = details): AuthOutcome => ({
  ok: false,
  status: 401,
  reason: 'INVALID_CREDENTIALS',
  details,
  why,
});
