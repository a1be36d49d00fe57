/**
 * The ISP's logo: stored in tenant_logos (bytea, under the tenant's RLS, one row per ISP),
 * its sha256 the ETag and the `?v=` of its URL, served by the web's /api/v1/admin/logos/{tenant}
 * route to the portal header, the operator's sidebar and the printed invoice. Without a
 * logo they show the ISP's initials or name.
 */
import { createHash } from 'node:crypto';
import type { Logo, LogoContentType, LogoUploadInput } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { checkLogo, decodeBase64 } from './logo_rules';

/** The served image's path: `?v=` is the content's hash, so a new logo is a new URL. */
export function logoUrl(tenantId: string, sha256: string): string {
  return `/api/v1/admin/logos/${tenantId}?v=${sha256.slice(0, 16)}`;
}

interface LogoRow {
  tenant_id: string;
  content_type: LogoContentType;
  byte_size: number;
  sha256: string;
  updated_at: Date | string;
}

const toLogo = (r: LogoRow): Logo => ({
  content_type: r.content_type,
  byte_size: r.byte_size,
  sha256: r.sha256,
  url: logoUrl(r.tenant_id, r.sha256),
  updated_at: new Date(r.updated_at),
});

/** The current logo's facts (never its bytes), or null. */
export async function getLogo(tx: TenantTx): Promise<Logo | null> {
  const [row] = await tx.sql<LogoRow[]>`SELECT tenant_id, content_type, byte_size, sha256, updated_at FROM tenant_logos`;
  return row ? toLogo(row) : null;
}

/** Validates the upload (magic bytes, size, no SVG) and stores it in place of the last one. */
export async function saveLogo(tx: TenantTx, input: LogoUploadInput): Promise<Logo> {
  const bytes = decodeBase64(input.content_base64);
  const type = checkLogo(bytes, input.content_type);
  const content = Buffer.from(bytes!);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const [row] = await tx.sql<LogoRow[]>`
    INSERT INTO tenant_logos (tenant_id, content_type, sha256, byte_size, content)
    VALUES (app_current_tenant(), ${type}, ${sha256}, ${content.length}, ${content})
    ON CONFLICT (tenant_id) DO UPDATE SET content_type = EXCLUDED.content_type, sha256 = EXCLUDED.sha256,
      byte_size = EXCLUDED.byte_size, content = EXCLUDED.content, updated_at = now()
    RETURNING tenant_id, content_type, byte_size, sha256, updated_at`;
  return toLogo(row!);
}

/** Back to initials; true when there was a logo. */
export async function removeLogo(tx: TenantTx): Promise<boolean> {
  const r = await tx.sql`DELETE FROM tenant_logos`;
  return r.count > 0;
}

/** The bytes to serve (the route's one read), or null. */
export async function readLogo(tx: TenantTx): Promise<{ content: Buffer; content_type: LogoContentType; sha256: string; updated_at: Date } | null> {
  const [row] = await tx.sql<{ content: Buffer; content_type: LogoContentType; sha256: string; updated_at: Date | string }[]>`
    SELECT content, content_type, sha256, updated_at FROM tenant_logos`;
  return row ? { ...row, content: Buffer.from(row.content), updated_at: new Date(row.updated_at) } : null;
}
