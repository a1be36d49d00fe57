/**
 * Support access: an ISP's owner or admin lets RRNet's platform staff read the ISP's audit
 * trail with personal data unmasked, for a number of hours and with a reason; revocable at
 * once. Grants live in the ISP's own table under RLS (written by the ISP, audited by the
 * table's trigger); the platform reads them, and every read it makes under a grant is an
 * event in the ISP's own audit chain, so the ISP sees who looked and when.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { AuditPage, SupportAccess, SupportGrant, supportAuditListInput, supportGrantInput } from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import type { z } from 'zod';
import { platformAudit } from '../saas/platform_audit';
import { listAuditEvents } from './audit_log';
import { supportGrantExpiry, supportGrantState } from './support_access_rules';

/** timestamps arrive as text (the tenant helper's type parsers) */
interface GrantRow {
  id: string;
  reason: string;
  granted_by_name: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  revoked_by_name: string | null;
}

const HISTORY = 20;

const iso = (d: Date) => d.toISOString();

function toGrant(r: GrantRow, now: Date): SupportGrant {
  const times = { created_at: new Date(r.created_at), expires_at: new Date(r.expires_at), revoked_at: r.revoked_at ? new Date(r.revoked_at) : null };
  return { ...r, ...times, state: supportGrantState(times, now) };
}

async function grants(sql: TenantTx['sql'] | Sql, tenantId: string, limit: number): Promise<GrantRow[]> {
  return sql<GrantRow[]>`
    SELECT g.id, g.reason, gu.name AS granted_by_name, g.created_at, g.expires_at, g.revoked_at, ru.name AS revoked_by_name
    FROM tenant_support_grants g
    LEFT JOIN sys_users gu ON gu.id = g.granted_by
    LEFT JOIN sys_users ru ON ru.id = g.revoked_by
    WHERE g.tenant_id = ${tenantId}
    ORDER BY g.created_at DESC, g.id
    LIMIT ${limit}`;
}

/** The ISP's grants: the one in effect (if any) and the latest ones. */
export async function getSupportAccess(tx: TenantTx, tenantId: string, now: Date = new Date()): Promise<SupportAccess> {
  const history = (await grants(tx.sql, tenantId, HISTORY)).map((g) => toGrant(g, now));
  return { active: history.find((g) => g.state === 'active') ?? null, history };
}

/** Grants support access for `hours`; a grant still in effect is revoked first (one at a time). */
export async function grantSupportAccess(tx: TenantTx, tenantId: string, userId: string | null, input: z.output<typeof supportGrantInput>, now: Date = new Date()): Promise<SupportAccess> {
  await tx.sql`
    UPDATE tenant_support_grants SET revoked_at = ${iso(now)}::timestamptz, revoked_by = ${userId}
    WHERE tenant_id = ${tenantId} AND revoked_at IS NULL AND expires_at > ${iso(now)}::timestamptz`;
  await tx.sql`
    INSERT INTO tenant_support_grants (tenant_id, reason, granted_by, created_at, expires_at)
    VALUES (${tenantId}, ${input.reason}, ${userId}, ${iso(now)}::timestamptz, ${iso(supportGrantExpiry(now, input.hours))}::timestamptz)`;
  return getSupportAccess(tx, tenantId, now);
}

/** Ends a grant now. One already over (expired or revoked) is 409; an unknown one 404. */
export async function revokeSupportAccess(tx: TenantTx, tenantId: string, userId: string | null, id: string, now: Date = new Date()): Promise<SupportAccess> {
  const [row] = await tx.sql<GrantRow[]>`SELECT id, reason, NULL AS granted_by_name, created_at, expires_at, revoked_at, NULL AS revoked_by_name FROM tenant_support_grants WHERE id = ${id} FOR UPDATE`;
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('support_grant_not_found') });
  if (toGrant(row, now).state !== 'active') throw new AppError('CONFLICT', { message: serverMessage('support_access_ended') });
  await tx.sql`UPDATE tenant_support_grants SET revoked_at = ${iso(now)}::timestamptz, revoked_by = ${userId} WHERE id = ${id}`;
  return getSupportAccess(tx, tenantId, now);
}

/** For the platform: the end of the ISP's grant in effect now, or null. */
export async function supportAccessUntil(sql: TenantTx['sql'] | Sql, tenantId: string, now: Date = new Date()): Promise<Date | null> {
  const [row] = await sql<{ expires_at: Date | string }[]>`
    SELECT expires_at FROM tenant_support_grants
    WHERE tenant_id = ${tenantId} AND revoked_at IS NULL AND expires_at > ${iso(now)}::timestamptz
    ORDER BY expires_at DESC LIMIT 1`;
  return row ? new Date(row.expires_at) : null;
}

/**
 * The platform reads an ISP's audit trail (personal data unmasked) — only while the ISP's
 * grant is in effect (403 otherwise), and the read itself goes into the ISP's chain.
 */
export async function listAuditAsSupport(
  systemSql: Sql,
  actor: { userId: string | null; requestId: string | null },
  input: z.output<typeof supportAuditListInput>,
): Promise<AuditPage> {
  const { id: tenantId, ...filters } = input;
  return withPlatform(systemSql, { tenantId, userId: actor.userId, requestId: actor.requestId }, async (tx) => {
    const [tenant] = await tx.sql<{ timezone: string }[]>`SELECT timezone FROM saas_tenants WHERE id = ${tenantId}`;
    if (!tenant) throw new AppError('NOT_FOUND', { message: serverMessage('isp_not_found') });
    const until = await supportAccessUntil(tx.sql, tenantId);
    if (!until) throw new AppError('FORBIDDEN', { message: serverMessage('no_support_access') });
    await platformAudit(tx.sql, tenantId, 'support.audit_read', { filters: { ...filters, cursor: undefined }, support_until: until.toISOString() });
    return listAuditEvents(tx, { kind: 'tenant', timezone: tenant.timezone, unmasked: true }, filters);
  });
}
