/** Tenant settings: one row per tenant, changed by owners and admins. */
import { eq, sql } from 'drizzle-orm';
import { AppError } from '@rrnet/contracts';
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
  updated_at: tenantSettings.updated_at,
};

export async function getSettings(tx: TenantTx): Promise<Settings> {
  const [row] = await tx.db.select(columns).from(tenantSettings);
  if (!row) throw new AppError('NOT_FOUND', { message: 'Settings have not been created for this ISP.' });
  return row as Settings;
}

export async function updateSettings(tx: TenantTx, tenantId: string, changes: Partial<Omit<Settings, 'updated_at'>>): Promise<Settings> {
  const [row] = await tx.db
    .update(tenantSettings)
    .set({ ...changes, updated_at: sql`now()` })
    .where(eq(tenantSettings.tenant_id, tenantId))
    .returning(columns);
  if (!row) throw new AppError('NOT_FOUND', { message: 'Settings have not been created for this ISP.' });
  return row as Settings;
}
