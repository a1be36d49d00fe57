/**
 * Reconciliation: RRNet is the source of truth for its customers' PPPoE secrets.
 *   active     → secret enabled, the plan's profile
 *   isolated   → the tenant's isolir profile (enabled), or disabled with the plan's
 *                profile when the tenant isolates by disabling
 *   suspended  → disabled, the plan's profile
 *   terminated → no secret
 * `computeDrift` compares that with what a router has; `applyDrift` fixes it.
 */
import type { DriftItem } from '@rrnet/contracts';
import type { PppSecret, RouterOsClient } from '@rrnet/routeros';

export interface SecretOwner {
  customer_id: string;
  pppoe_username: string;
  status: 'active' | 'isolated' | 'suspended' | 'terminated';
  plan_profile: string;
  /** decrypted */
  password: string;
  code: string;
}

export interface IsolirPolicy {
  mode: 'profile' | 'disable';
  profile: string;
}

export interface DesiredSecret {
  customer_id: string;
  name: string;
  password: string;
  profile: string;
  disabled: boolean;
  comment: string;
  status: SecretOwner['status'];
}

/** Marks secrets RRNet manages (comment), so an operator can tell them apart on the router. */
export const secretComment = (code: string) => `rrnet:${code}`;

export function desiredSecret(owner: SecretOwner, isolir: IsolirPolicy): DesiredSecret | null {
  const base = { customer_id: owner.customer_id, name: owner.pppoe_username, password: owner.password, comment: secretComment(owner.code), status: owner.status };
  switch (owner.status) {
    case 'active':
      return { ...base, profile: owner.plan_profile, disabled: false };
    case 'isolated':
      return isolir.mode === 'profile' ? { ...base, profile: isolir.profile, disabled: false } : { ...base, profile: owner.plan_profile, disabled: true };
    case 'suspended':
      return { ...base, profile: owner.plan_profile, disabled: true };
    case 'terminated':
      return null;
  }
}

/**
 * Drift between what RRNet wants (owners of this router) and the router's secrets.
 * `scope` limits the comparison to some usernames (one customer's provisioning); without
 * it every secret on the router is compared, and unknown ones are `extra`.
 */
export function computeDrift(
  owners: readonly SecretOwner[],
  actual: readonly PppSecret[],
  isolir: IsolirPolicy,
  scope?: ReadonlySet<string>,
): DriftItem[] {
  const drift: DriftItem[] = [];
  const byName = new Map(actual.map((s) => [s.name, s]));
  const wanted = new Set<string>();
  for (const owner of owners) {
    if (scope && !scope.has(owner.pppoe_username)) continue;
    const want = desiredSecret(owner, isolir);
    const have = byName.get(owner.pppoe_username);
    const ref = { pppoe_username: owner.pppoe_username, customer_id: owner.customer_id, customer_status: owner.status };
    const actualState = have ? { profile: have.profile, disabled: have.disabled } : null;
    if (!want) continue; // terminated: if present it is reported as extra below
    wanted.add(owner.pppoe_username);
    const expected = { profile: want.profile, disabled: want.disabled };
    if (!have) drift.push({ kind: 'missing', ...ref, expected, actual: null });
    else if (have.disabled !== want.disabled) drift.push({ kind: 'wrong_state', ...ref, expected, actual: actualState });
    else if (have.profile !== want.profile) drift.push({ kind: 'wrong_profile', ...ref, expected, actual: actualState });
    else if (have.password !== want.password) drift.push({ kind: 'wrong_password', ...ref, expected, actual: actualState });
  }
  const ownerByName = new Map(owners.map((o) => [o.pppoe_username, o]));
  for (const secret of actual) {
    if (wanted.has(secret.name)) continue;
    if (scope && !scope.has(secret.name)) continue;
    if (secret.service !== 'pppoe' && secret.service !== 'any') continue;
    const owner = ownerByName.get(secret.name);
    drift.push({
      kind: 'extra',
      pppoe_username: secret.name,
      customer_id: owner?.customer_id ?? null,
      customer_status: owner?.status ?? null,
      expected: null,
      actual: { profile: secret.profile, disabled: secret.disabled },
    });
  }
  return drift.sort((a, b) => a.pppoe_username.localeCompare(b.pppoe_username));
}

export interface ApplyResult {
  fixed: number;
  failed: { pppoe_username: string; error: string }[];
}

/**
 * Fixes each drift item through the router API. A wrong-state fix that isolates also
 * kicks the active session so the new profile/state takes effect at once.
 */
export async function applyDrift(
  client: RouterOsClient,
  drift: readonly DriftItem[],
  owners: readonly SecretOwner[],
  isolir: IsolirPolicy,
  secrets: readonly PppSecret[],
): Promise<ApplyResult> {
  const ownerByName = new Map(owners.map((o) => [o.pppoe_username, o]));
  const actual = new Map(secrets.map((s) => [s.name, s]));
  const result: ApplyResult = { fixed: 0, failed: [] };
  for (const item of drift) {
    try {
      const existing = actual.get(item.pppoe_username);
      if (item.kind === 'extra') {
        if (existing) await client.removeSecret(existing.id);
        await client.kickByName(item.pppoe_username);
      } else {
        const owner = ownerByName.get(item.pppoe_username);
        const want = owner ? desiredSecret(owner, isolir) : null;
        if (!want) continue;
        if (!existing) {
          await client.createSecret({ name: want.name, password: want.password, profile: want.profile, service: 'pppoe', disabled: want.disabled, comment: want.comment });
        } else {
          await client.updateSecret(existing.id, { password: want.password, profile: want.profile, disabled: want.disabled, comment: want.comment });
          // a session keeps its old profile/state until it redials
          if (item.kind === 'wrong_state' || item.kind === 'wrong_profile') await client.kickByName(item.pppoe_username);
        }
      }
      result.fixed += 1;
    } catch (err) {
      result.failed.push({ pppoe_username: item.pppoe_username, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
