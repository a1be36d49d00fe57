/**
 * Tenant settings: one row per tenant, changed by owners and admins (audited by the
 * table's trigger). Switching the outage credit on stamps `outage_credit_since`.
 */
import { eq, sql } from 'drizzle-orm';
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Settings } from '@rrnet/contracts';
import { tenantSettings } from '@rrnet/db/schema';
import type { TenantTx } from '@rrnet/db';

const columns = {
  company_name: tenantSettings.company_name,
  company_address: tenantSettings.company_address,
  company_phone: tenantSettings.company_phone,
  invoice_prefix: tenantSettings.invoice_prefix,
  due_days: tenantSettings.due_days,
  grace_days: tenantSettings.grace_days,
  tax_rate_bp: tenantSettings.tax_rate_bp,
  isolir_mode: tenantSettings.isolir_mode,
  isolir_profile: tenantSettings.isolir_profile,
  wa_sender: tenantSettings.wa_sender,
  locale: tenantSettings.locale,
  outage_detect_minutes: tenantSettings.outage_detect_minutes,
  outage_credit_enabled: tenantSettings.outage_credit_enabled,
  outage_credit_threshold_hours: tenantSettings.outage_credit_threshold_hours,
  updated_at: tenantSettings.updated_at,
};

export async function getSettings(tx: TenantTx): Promise<Settings> {
  const [row] = await tx.db.select(columns).from(tenantSettings);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('settings_missing') });
  return row as Settings;
}

export async function updateSettings(tx: TenantTx, tenantId: string, changes: Partial<Omit<Settings, 'updated_at'>>): Promise<Settings> {
  const [row] = await tx.db
    .update(tenantSettings)
    .set({
      ...changes,
      // the outage credit counts outages resolved from the moment it is switched on (kept while it stays on)
      ...(changes.outage_credit_enabled === undefined
        ? {}
        : { outage_credit_since: changes.outage_credit_enabled ? sql`CASE WHEN ${tenantSettings.outage_credit_enabled} THEN ${tenantSettings.outage_credit_since} ELSE now() END` : null }),
      updated_at: sql`now()`,
    })
    .where(eq(tenantSettings.tenant_id, tenantId))
    .returning(columns);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('settings_missing') });
  return row as Settings;
}
