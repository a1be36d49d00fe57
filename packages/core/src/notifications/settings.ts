/**
 * Per-ISP WhatsApp settings: which gateway (or the platform default), its credentials
 * (AES-256-GCM JSON via the SecretBox, never returned or logged), the sender number, an
 * optional fallback gateway, quiet hours, reminder days, the language. Changes audited.
 */
import { sealSecret } from '../secrets/seal';
import { AppError, serverMessage } from '@rrnet/contracts';
import type { WaGateway, WaSettings, WaSettingsInput } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import type { GatewayCredentials } from '@rrnet/whatsapp';
import type { NotificationServices } from './services';

interface Row {
  wa_gateway: WaGateway | null;
  wa_credentials_enc: string | null;
  wa_fallback_gateway: WaGateway | null;
  wa_fallback_credentials_enc: string | null;
  wa_sender: string | null;
  wa_quiet_start: string | null;
  wa_quiet_end: string | null;
  wa_reminder_days: number[];
  wa_overdue_days: number[];
  wa_language: 'id' | 'en';
  wa_quota_exceeded_at: Date | null;
  slug: string;
  timezone: string;
}

async function settingsRow(tx: TenantTx): Promise<Row> {
  const [row] = await tx.sql<Row[]>`
    SELECT s.wa_gateway, s.wa_credentials_enc, s.wa_fallback_gateway, s.wa_fallback_credentials_enc, s.wa_sender,
           s.wa_quiet_start, s.wa_quiet_end, s.wa_reminder_days, s.wa_overdue_days, s.wa_language,
           CASE WHEN s.wa_quota_exceeded_at >= (date_trunc('month', now() AT TIME ZONE t.timezone) AT TIME ZONE t.timezone) THEN s.wa_quota_exceeded_at END AS wa_quota_exceeded_at,
           t.slug, t.timezone
    FROM tenant_settings s CROSS JOIN saas_tenants t WHERE t.id = app_current_tenant()`;
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('no_settings_yet') });
  return row;
}

async function decryptGateway(services: Pick<NotificationServices, 'secretBox'>, kind: WaGateway | null, enc: string | null): Promise<GatewayCredentials | null> {
  if (!kind || !enc) return null;
  const credentials = JSON.parse(await services.secretBox.decrypt(enc)) as never;
  return { kind, credentials } as GatewayCredentials;
}

export interface ResolvedGateways {
  primary: GatewayCredentials | null;
  fallback: GatewayCredentials | null;
  /** the platform default stands in for the ISP's own */
  platform: boolean;
}

/** The gateways to send through: the ISP's own or the platform default, and the fallback. */
export async function resolveGateways(tx: TenantTx, services: Pick<NotificationServices, 'secretBox' | 'platformDefault'>): Promise<ResolvedGateways> {
  const row = await settingsRow(tx);
  const own = await decryptGateway(services, row.wa_gateway, row.wa_credentials_enc);
  const fallback = await decryptGateway(services, row.wa_fallback_gateway, row.wa_fallback_credentials_enc);
  return { primary: own ?? services.platformDefault, fallback, platform: !own };
}

/** The credentials a webhook of this kind is checked with: the ISP's gateway or fallback of that kind, else the platform default's. */
export async function webhookCredentials(tx: TenantTx, services: Pick<NotificationServices, 'secretBox' | 'platformDefault'>, kind: WaGateway): Promise<GatewayCredentials | null> {
  const g = await resolveGateways(tx, services);
  for (const c of [g.primary, g.fallback, services.platformDefault]) if (c?.kind === kind) return c;
  return null;
}

export async function getWaSettings(tx: TenantTx, services: Pick<NotificationServices, 'platformDefault'>, usage: { used: number; max: number }): Promise<WaSettings> {
  const row = await settingsRow(tx);
  return {
    gateway: row.wa_gateway ?? services.platformDefault?.kind ?? null,
    gateway_configured: !!row.wa_gateway && !!row.wa_credentials_enc,
    fallback: row.wa_fallback_gateway && row.wa_fallback_credentials_enc ? row.wa_fallback_gateway : null,
    uses_platform_default: !row.wa_gateway,
    sender: row.wa_sender,
    quiet_hours: row.wa_quiet_start && row.wa_quiet_end ? { start: row.wa_quiet_start, end: row.wa_quiet_end } : null,
    reminder_days: row.wa_reminder_days,
    overdue_days: row.wa_overdue_days,
    language: row.wa_language,
    quota_exceeded_at: row.wa_quota_exceeded_at ? new Date(row.wa_quota_exceeded_at).toISOString() : null,
    usage,
    webhook_paths: {
      cloud: `/api/v1/notifications/webhooks/cloud/${row.slug}`,
      fonnte: `/api/v1/notifications/webhooks/fonnte/${row.slug}`,
    },
  };
}

export async function updateWaSettings(tx: TenantTx, services: Pick<NotificationServices, 'secretBox'>, input: WaSettingsInput): Promise<void> {
  const enc = async (g: WaSettingsInput['gateway']) => (g ? sealSecret(tx, services.secretBox, JSON.stringify(g.credentials)) : null);
  const { sql } = tx;
  if (input.gateway !== undefined) {
    await sql`UPDATE tenant_settings SET wa_gateway = ${input.gateway?.kind ?? null}, wa_credentials_enc = ${await enc(input.gateway)}, updated_at = now()`;
  }
  if (input.fallback !== undefined) {
    await sql`UPDATE tenant_settings SET wa_fallback_gateway = ${input.fallback?.kind ?? null}, wa_fallback_credentials_enc = ${await enc(input.fallback)}, updated_at = now()`;
  }
  if (input.sender !== undefined) await sql`UPDATE tenant_settings SET wa_sender = ${input.sender}, updated_at = now()`;
  if (input.quiet_hours !== undefined) {
    await sql`UPDATE tenant_settings SET wa_quiet_start = ${input.quiet_hours?.start ?? null}, wa_quiet_end = ${input.quiet_hours?.end ?? null}, updated_at = now()`;
  }
  if (input.reminder_days !== undefined) await sql`UPDATE tenant_settings SET wa_reminder_days = ${[...new Set(input.reminder_days)]}::int[], updated_at = now()`;
  if (input.overdue_days !== undefined) await sql`UPDATE tenant_settings SET wa_overdue_days = ${[...new Set(input.overdue_days)]}::int[], updated_at = now()`;
  if (input.language !== undefined) await sql`UPDATE tenant_settings SET wa_language = ${input.language}, updated_at = now()`;
  // what changed, never the credentials themselves
  const changed = Object.keys(input).filter((k) => input[k as keyof WaSettingsInput] !== undefined);
  await sql`SELECT sys_audit_event('admin', 'notifications.settings_changed', ${JSON.stringify({ changed, gateway: input.gateway?.kind, fallback: input.fallback?.kind })}::text::jsonb)`;
}
