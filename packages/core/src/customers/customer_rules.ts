/**
 * The customer's rules as pure functions: the manual status machine (CUSTOMER_TRANSITIONS
 * in @rrnet/contracts) as a guard, the timestamps a status change sets, who may be changed
 * or anonymised, and the generated identifiers (customer code, PPPoE username).
 * customers.ts and imports.ts look up what they need and ask these.
 */
import { AppError, CUSTOMER_STATUSES, CUSTOMER_TRANSITIONS, canTransition, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { CustomerStatus } from '@rrnet/contracts';

/** The statuses staff may move to `to` from. */
export function customerSourcesOf(to: CustomerStatus): CustomerStatus[] {
  return CUSTOMER_STATUSES.filter((from) => CUSTOMER_TRANSITIONS[from].includes(to));
}

/** Refuses a manual move the machine does not allow; isolation and restore belong to isolir. */
export function assertCustomerTransition(from: CustomerStatus, to: CustomerStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('CONFLICT', {
      message: serverMessage(from === 'isolated' || to === 'isolated' ? 'customer_transition_isolir' : 'customer_transition', { from, to }),
      details: { status: fieldMessage('customer_not_from', { from }) },
    });
  }
}

/** What a status change stamps: terminated_at on termination; activated_at on the first activation out of suspension. */
export function statusChangeStamps(from: CustomerStatus, to: CustomerStatus, now: Date, activatedAt: Date | null): { terminated_at?: Date; activated_at?: Date } {
  return {
    ...(to === 'terminated' ? { terminated_at: now } : {}),
    ...(to === 'active' && from === 'suspended' ? { activated_at: activatedAt ?? now } : {}),
  };
}

/** An anonymised customer is never changed again. */
export function assertChangeable(customer: { anonymized_at: Date | null }): void {
  if (customer.anonymized_at) throw new AppError('CONFLICT', { message: serverMessage('customer_anonymised_unchangeable') });
}

/** Only a terminated customer is anonymised; returns false when that was already done (nothing to do). */
export function needsAnonymising(customer: { status: CustomerStatus; anonymized_at: Date | null }): boolean {
  if (customer.status !== 'terminated') throw new AppError('CONFLICT', { message: serverMessage('anonymise_terminated_only') });
  return !customer.anonymized_at;
}

/** "{PREFIX}-00042": at least five digits. */
export function customerCode(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(5, '0')}`;
}

/** The next `count` codes after the highest number in use. */
export function nextCodes(prefix: string, highest: number | null, count: number): string[] {
  const start = (highest ?? 0) + 1;
  return Array.from({ length: count }, (_, i) => customerCode(prefix, start + i));
}

/** "Budi Santoso" → "budi.santoso": the first two words, ASCII letters and digits, at most 24 characters. */
export function pppoeUsernameBase(name: string): string {
  return (
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9\s]/g, '')
      .trim()
      .split(/\s+/)
      .slice(0, 2)
      .join('.')
      .slice(0, 24) || 'pelanggan'
  );
}

/** The base (padded to three characters, the shortest username allowed) when free, else base2, base3… */
export function firstFreeUsername(base: string, used: ReadonlySet<string>): string {
  const padded = base.padEnd(3, '0');
  if (!used.has(padded)) return padded;
  for (let i = 2; ; i += 1) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}
