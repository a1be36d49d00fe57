/**
 * router_sync (high): read one router's status and PPPoE secrets, compute the drift from
 * RRNet's customers, and — when asked — fix it. Router calls happen outside any database
 * transaction: one short transaction reads what RRNet wants, another records the result.
 *
 * pppoe_provision (high): the same reconciliation, scoped to one customer's username on
 * one router (create/update/disable/remove its secret after a customer change).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DriftItem } from '@rrnet/contracts';
import { planRateLimit } from '@rrnet/contracts';
import { tenantCustomers, tenantRouters, tenantServicePlans, tenantSettings } from '@rrnet/db/schema';
import type { Sql, TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import type { RouterOsClient } from '@rrnet/routeros';
import { applyDrift, computeDrift } from './reconcile';
import type { IsolirPolicy, SecretOwner } from './reconcile';
import { cacheRouterStatus, routerClient } from './routers';
import { invalidateMap } from './services';
import type { NetworkServices } from './services';

export type WithTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

export async function isolirPolicy(tx: TenantTx): Promise<IsolirPolicy> {
  const [row] = await tx.db.select({ mode: tenantSettings.isolir_mode, profile: tenantSettings.isolir_profile }).from(tenantSettings);
  return { mode: (row?.mode ?? 'profile') as IsolirPolicy['mode'], profile: row?.profile ?? 'isolir' };
}

/** The customers whose secrets live on this router (optionally only these usernames), passwords decrypted. */
export async function secretOwners(tx: TenantTx, services: NetworkServices, routerId: string, usernames?: string[]): Promise<SecretOwner[]> {
  const rows = await tx.db
    .select({
      customer_id: tenantCustomers.id,
      pppoe_username: tenantCustomers.pppoe_username,
      status: tenantCustomers.status,
      plan_profile: tenantServicePlans.router_profile,
      password_enc: tenantCustomers.pppoe_password_enc,
      code: tenantCustomers.code,
    })
    .from(tenantCustomers)
    .innerJoin(tenantServicePlans, eq(tenantServicePlans.id, tenantCustomers.plan_id))
    .where(
      usernames ? and(eq(tenantCustomers.router_id, routerId), inArray(tenantCustomers.pppoe_username, usernames)) : eq(tenantCustomers.router_id, routerId),
    );
  return Promise.all(
    rows.map(async ({ password_enc, ...r }) => ({ ...r, status: r.status as SecretOwner['status'], password: await services.secretBox.decrypt(password_enc) })),
  );
}

/** Makes sure the plans' profiles and the isolir profile exist on the router (secrets refer to them). */
export async function ensureProfiles(client: RouterOsClient, tx: TenantTx, isolir: IsolirPolicy): Promise<number> {
  const plans = await tx.db
    .select({ profile: tenantServicePlans.router_profile, download_kbps: tenantServicePlans.download_kbps, upload_kbps: tenantServicePlans.upload_kbps })
    .from(tenantServicePlans);
  const wanted = new Map<string, string | null>(plans.map((p) => [p.profile, planRateLimit(p)]));
  if (isolir.mode === 'profile' && !wanted.has(isolir.profile)) wanted.set(isolir.profile, '256k/256k');
  const have = new Set((await client.listProfiles()).map((p) => p.name));
  let created = 0;
  for (const [name, rateLimit] of wanted) {
    if (have.has(name)) continue;
    await client.createProfile({ name, rateLimit });
    created += 1;
  }
  return created;
}

export interface SyncOutcome {
  status: 'online' | 'offline';
  drift: DriftItem[];
  fixed: number;
  failed: number;
  error: string | null;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * One sync. An unreachable router is recorded as offline and the outcome returned
 * (scheduled syncs try again in a few minutes); the caller decides whether that is a
 * job failure (it is when fixes were requested).
 */
export async function syncRouter(withTenant: WithTenant, services: NetworkServices, tenantId: string, routerId: string, options: { apply: boolean }): Promise<SyncOutcome> {
  const prepared = await withTenant(async (tx) => {
    const [exists] = await tx.db.select({ id: tenantRouters.id }).from(tenantRouters).where(eq(tenantRouters.id, routerId));
    if (!exists) return null;
    return { client: await routerClient(tx, services, tenantId, routerId), owners: await secretOwners(tx, services, routerId), isolir: await isolirPolicy(tx) };
  });
  if (!prepared) return { status: 'offline', drift: [], fixed: 0, failed: 0, error: 'router removed' };
  const { client, owners, isolir } = prepared;

  let outcome: SyncOutcome;
  let facts: { identity: string; version: string; board: string; uptime: string; secrets: number; active: number } | null = null;
  try {
    const [identity, resource] = await Promise.all([client.identity(), client.resource()]);
    let secrets = await client.listSecrets();
    let drift = computeDrift(owners, secrets, isolir);
    let fixed = 0;
    let failed = 0;
    let error: string | null = null;
    if (options.apply && drift.length > 0) {
      await withTenant((tx) => ensureProfiles(client, tx, isolir));
      const applied = await applyDrift(client, drift, owners, isolir, secrets);
      fixed = applied.fixed;
      failed = applied.failed.length;
      if (failed > 0) error = `${failed} fixes failed, first: ${applied.failed[0]!.pppoe_username}: ${applied.failed[0]!.error}`;
      secrets = await client.listSecrets();
      drift = computeDrift(owners, secrets, isolir);
    }
    const active = await client.listActive();
    facts = { identity: identity.name, version: resource.version, board: resource.boardName, uptime: resource.uptime, secrets: secrets.length, active: active.length };
    outcome = { status: 'online', drift, fixed, failed, error };
  } catch (err) {
    outcome = { status: 'offline', drift: [], fixed: 0, failed: 0, error: message(err) };
  }

  await withTenant(async (tx) => {
    const before = await tx.db.select({ status: tenantRouters.status }).from(tenantRouters).where(eq(tenantRouters.id, routerId));
    const now = new Date();
    await tx.db
      .update(tenantRouters)
      .set({
        status: outcome.status,
        last_sync_at: now,
        last_error: outcome.error,
        ...(facts
          ? {
              last_seen_at: now,
              identity: facts.identity,
              ros_version: facts.version,
              board_name: facts.board,
              uptime: facts.uptime,
              secret_count: facts.secrets,
              active_count: facts.active,
              drift: outcome.drift,
              drift_count: outcome.drift.length,
              drift_checked_at: now,
            }
          : {}),
      })
      .where(eq(tenantRouters.id, routerId));
    if (before[0]?.status !== outcome.status) await invalidateMap(services, tenantId);
  });
  await cacheRouterStatus(services, tenantId, routerId, {
    status: outcome.status,
    ros_version: facts?.version ?? null,
    uptime: facts?.uptime ?? null,
    checked_at: new Date().toISOString(),
    error: outcome.error,
  });
  return outcome;
}

/**
 * One customer's secret on one router, made to match RRNet (the customer may have moved
 * away from this router, or been terminated: then the secret is removed). Throws when the
 * router cannot be changed, so the job is retried.
 */
export async function provisionSecret(withTenant: WithTenant, services: NetworkServices, tenantId: string, customerId: string, routerId: string): Promise<{ fixed: number; drift: DriftItem[] }> {
  const prepared = await withTenant(async (tx) => {
    const [customer] = await tx.db.select({ username: tenantCustomers.pppoe_username }).from(tenantCustomers).where(eq(tenantCustomers.id, customerId));
    const [router] = await tx.db.select({ id: tenantRouters.id }).from(tenantRouters).where(eq(tenantRouters.id, routerId));
    if (!customer || !router) return null;
    return {
      username: customer.username,
      client: await routerClient(tx, services, tenantId, routerId),
      owners: await secretOwners(tx, services, routerId, [customer.username]),
      isolir: await isolirPolicy(tx),
    };
  });
  if (!prepared) return { fixed: 0, drift: [] };
  const { client, owners, isolir, username } = prepared;
  const scope = new Set([username]);
  const secret = await client.findSecret(username);
  const drift = computeDrift(owners, secret ? [secret] : [], isolir, scope);
  if (drift.length === 0) return { fixed: 0, drift };
  if (drift.some((d) => d.kind === 'missing' || d.kind === 'wrong_profile')) await withTenant((tx) => ensureProfiles(client, tx, isolir));
  const applied = await applyDrift(client, drift, owners, isolir, secret ? [secret] : []);
  if (applied.failed.length > 0) throw new Error(`router change failed for ${username}: ${applied.failed[0]!.error}`);
  return { fixed: applied.fixed, drift };
}

/** The scheduled fan-out: one router_sync per router of every active tenant (job keys dedupe). */
export async function queueScheduledSyncs(systemSql: Sql): Promise<number> {
  const routers = await systemSql<{ tenant_id: string; id: string }[]>`
    SELECT r.tenant_id, r.id FROM tenant_routers r JOIN saas_tenants t ON t.id = r.tenant_id WHERE t.status = 'active'`;
  for (const r of routers) await enqueue(systemSql, 'router_sync', { router_id: r.id, apply: false }, { tenantId: r.tenant_id });
  return routers.length;
}
