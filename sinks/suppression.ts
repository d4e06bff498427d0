// Who must not receive email: the suppression rules of email audiences and the reasons reported for each person left out.
import { sql, type RawBuilder } from 'kysely';

/** Why a segment member was left out of an export, in the order reasons are tested (first match counts). */
export const suppressionReasons = ['complained', 'unsubscribed', 'bounced', 'no_email', 'no_account', 'no_usable_identifier'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

/** The consent flags of a member, as selected by {@link consentColumnsSql}. */
export interface ConsentFlags {
  readonly complained: boolean;
  readonly unsubscribed: boolean;
  readonly bounced: boolean;
}

/** Selects the flags {@link suppressionReason} needs from the audience query (customer_360 is aliased `c`). */
export const consentColumnsSql: RawBuilder<unknown> = sql`coalesce(c.email_complained, false) AS __complained,
  coalesce(c.email_unsubscribed, false) AS __unsubscribed, coalesce(c.email_bounced, false) AS __bounced`;

/** True for members an email may go to: they have an email and never complained, unsubscribed or bounced. */
export const emailableSql: RawBuilder<boolean> = sql<boolean>`(c.primary_email IS NOT NULL
  AND NOT (coalesce(c.email_complained, false) OR coalesce(c.email_unsubscribed, false) OR coalesce(c.email_bounced, false)))`;

/**
 * The consent reason to leave a member out, or null when they may be contacted. A complaint outranks an
 * unsubscribe, which outranks a bounce, so each person is counted under one reason.
 */
export function suppressionReason(flags: ConsentFlags): SuppressionReason | null {
  if (flags.complained) return 'complained';
  if (flags.unsubscribed) return 'unsubscribed';
  if (flags.bounced) return 'bounced';
  return null;
}

/** "12 left out: 5 unsubscribed, 4 bounced, ..." for the export summary; "none left out" when empty. */
export function describeSuppressed(counts: Readonly<Partial<Record<SuppressionReason, number>>>): string {
  const parts = suppressionReasons.filter((r) => (counts[r] ?? 0) > 0).map((r) => `${counts[r]} ${r.replaceAll('_', ' ')}`);
  const total = suppressionReasons.reduce((n, r) => n + (counts[r] ?? 0), 0);
  return total === 0 ? 'none left out' : `${total} left out: ${parts.join(', ')}`;
}
