/**
 * An audit event of the platform's own business (plans, SaaS invoices, dunning), written in
 * a platform transaction (withPlatform) and attributed to the ISP it concerns — or to none
 * (null) for platform-wide events such as a billing run, so an earlier event's ISP never
 * sticks to the next one.
 */
import type { TenantTx } from '@rrnet/db';

export async function platformAudit(sql: TenantTx['sql'], tenantId: string | null, action: string, details: Record<string, unknown>): Promise<void> {
  await sql`SELECT set_config('app.tenant_id', ${tenantId ?? ''}, true)`;
  await sql`SELECT sys_audit_event('admin', ${action}, ${JSON.stringify(details)}::text::jsonb)`;
}
