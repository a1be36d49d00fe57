/**
 * The ISP's logo over HTTP (the REST handler and the serving route on a seeded database):
 * an upload is judged by the file's first bytes — too big, SVG, not an image, or a type
 * the bytes contradict is 400 in the error envelope, and nothing changes; a PNG, JPEG or
 * WebP is stored and served with its type, an ETag (If-None-Match → 304) and a cache
 * lifetime; the portal's brand names it; another ISP's upload never touches it; removal
 * brings the initials back (404 from the route). Every REST answer matches the document.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '@rrnet/contracts';
import { findPortalTenant } from '@rrnet/core/portal/portal_auth';
import type * as LogoRoute from '~/app/api/v1/admin/logos/[tenant]/route';
import { PUBLIC_URL, startRestHarness } from './rest_harness';
import type { Json, RestHarness } from './rest_harness';

let h: RestHarness;
let route: typeof LogoRoute;
let ownerA: string;
let ownerB: string;
let technicianA: string;
let tenantA: string;
let tenantB: string;

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** bytes that start like the type (what the server checks) followed by `size` bytes of filler */
const png = (size = 200) => Buffer.concat([Buffer.from(PNG_HEAD), Buffer.alloc(size, 7)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 3)]);
const webp = () => Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x40, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(100, 1)]);
const svg = () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const b64 = (b: Buffer) => b.toString('base64');
const errorOf = (answer: { body: Json }) => answer.body as unknown as { status: string; error_code: string; details: Record<string, string>; request_id: string };

const upload = (token: string, content_type: string, bytes: Buffer | string) =>
  h.call('PUT', '/admin/settings/logo', { token, body: { content_type, content_base64: typeof bytes === 'string' ? bytes : b64(bytes) } });

async function serve(tenant: string, query = '', headers: Record<string, string> = {}): Promise<Response> {
  return route.GET(new Request(`${PUBLIC_URL}/api/v1/admin/logos/${tenant}${query}`, { headers }), { params: Promise.resolve({ tenant }) });
}

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 100 });
  route = await import('~/app/api/v1/admin/logos/[tenant]/route');
  ownerA = await h.login('owner@sinarnet.demo');
  technicianA = await h.login('teknisi@sinarnet.demo');
  const ids = await h.admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug IN ('sinar-net', 'parahyangan-link') ORDER BY slug = 'parahyangan-link'`;
  tenantA = ids[0]!.id;
  tenantB = ids[1]!.id;
  ownerB = await h.login('owner@parahyangan.demo');
}, 120_000);
afterAll(async () => h?.close());

const storedA = async () => (await h.admin<{ sha256: string; byte_size: number }[]>`SELECT sha256, byte_size FROM tenant_logos WHERE tenant_id = ${tenantA}`)[0] ?? null;

describe('uploading a logo', () => {
  it('refuses what is not a small PNG, JPEG or WebP with a 400 envelope naming the field, and keeps the logo it had', async () => {
    const before = await storedA();
    expect(before).not.toBeNull(); // the seed's logo

    const big = await upload(ownerA, 'image/png', png(LOGO_MAX_BYTES));
    expect(big.status).toBe(400);
    expect(errorOf(big)).toMatchObject({ status: 'error', error_code: 'VALIDATION_FAILED', details: { content_base64: expect.stringMatching(/at most 256 KB/) } });
    expect(errorOf(big).request_id).toEqual(expect.any(String));

    // far too big for the body schema itself: still a 400, not a 500
    const huge = await upload(ownerA, 'image/png', 'A'.repeat(600_000));
    expect(huge.status).toBe(400);
    expect(errorOf(huge).error_code).toBe('VALIDATION_FAILED');

    const script = await upload(ownerA, 'image/svg+xml', svg());
    expect(script.status).toBe(400);
    expect(errorOf(script).details.content_base64).toMatch(/SVG/);
    // SVG declared as PNG: the bytes decide
    expect((await upload(ownerA, 'image/png', svg())).status).toBe(400);

    const text = await upload(ownerA, 'image/png', Buffer.from('just some text, not an image at all'));
    expect(text.status).toBe(400);
    expect(errorOf(text).details.content_base64).toMatch(/Not a PNG, JPEG or WebP/);

    // a JPEG declared as PNG
    const lying = await upload(ownerA, 'image/png', jpeg());
    expect(lying.status).toBe(400);
    expect(errorOf(lying).details.content_type).toMatch(/image\/jpeg/);

    expect((await upload(ownerA, 'image/png', 'not base64!!')).status).toBe(400);
    expect((await h.call('PUT', '/admin/settings/logo', { token: ownerA, body: { content_type: 'image/png' } })).status).toBe(400);

    expect(await storedA()).toEqual(before);
  });

  it('is for those who manage the settings: a technician is refused (403)', async () => {
    const answer = await upload(technicianA, 'image/png', png());
    expect(answer.status).toBe(403);
    expect(errorOf(answer).error_code).toBe('FORBIDDEN');
  });

  it('stores a PNG, JPEG or WebP and serves it with its type, an ETag and a cache lifetime; 304 when unchanged', async () => {
    for (const [type, bytes] of [['image/jpeg', jpeg()], ['image/webp', webp()], ['image/png', png(1234)]] as const) {
      const answer = await upload(ownerA, type, bytes);
      expect(answer.status).toBe(200);
      const logo = (answer.body.data as { logo: { content_type: string; byte_size: number; sha256: string; url: string } }).logo;
      const sha = createHash('sha256').update(bytes).digest('hex');
      expect(logo).toMatchObject({ content_type: type, byte_size: bytes.length, sha256: sha, url: `/api/v1/admin/logos/${tenantA}?v=${sha.slice(0, 16)}` });

      const res = await serve(tenantA, `?v=${sha.slice(0, 16)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('etag')).toBe(`"${sha}"`);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const { sha256 } = (await storedA())!;
    // without the version (or an old one), a short lifetime and revalidation by ETag
    const plain = await serve(tenantA, '?v=0123456789abcdef');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const again = await serve(tenantA, '', { 'if-none-match': `"${sha256}"` });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(`"${sha256}"`);
    expect(await again.text()).toBe('');
    expect((await serve(tenantA, '', { 'if-none-match': '"something-else"' })).status).toBe(200);

    // the audit trail records the changes, never the image's bytes
    const audited = await h.admin<{ content: string | null; sha256: string | null }[]>`
      SELECT new_values ->> 'content' AS content, new_values ->> 'sha256' AS sha256 FROM sys_audit_logs
      WHERE tenant_id = ${tenantA} AND table_name = 'tenant_logos' AND action IN ('INSERT', 'UPDATE')`;
    expect(audited.length).toBeGreaterThanOrEqual(3);
    expect(audited.every((a) => a.content === '[redacted]')).toBe(true);
    expect(audited.map((a) => a.sha256)).toContain(sha256);

    const state = await h.call('GET', '/admin/settings/logo', { token: ownerA });
    expect(state.status).toBe(200);
    expect((state.body.data as { logo: { sha256: string } }).logo.sha256).toBe(sha256);
    // the portal's header names the same image
    const { services } = await import('~/server/services');
    const brand = await findPortalTenant(services().systemSql, 'sinar-net');
    expect(brand!.logo_url).toBe(`/api/v1/admin/logos/${tenantA}?v=${sha256.slice(0, 16)}`);
  });

  it('one ISP\'s upload never changes another\'s logo; removal brings the initials back (404 from the route)', async () => {
    const a = (await storedA())!;
    expect((await upload(ownerB, 'image/png', png(77))).status).toBe(200);
    expect(await storedA()).toEqual(a);
    expect((await serve(tenantB)).status).toBe(200);

    const removed = await h.call('DELETE', '/admin/settings/logo', { token: ownerB });
    expect(removed.status).toBe(200);
    expect(removed.body.data).toEqual({ logo: null });
    const gone = await serve(tenantB);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ status: 'error', error_code: 'NOT_FOUND' });
    expect((await h.call('GET', '/admin/settings/logo', { token: ownerB })).body.data).toEqual({ logo: null });
    const { services } = await import('~/server/services');
    expect((await findPortalTenant(services().systemSql, 'parahyangan-link'))!.logo_url).toBeNull();
    // A's is still served
    expect((await serve(tenantA)).status).toBe(200);
  });

  it('answers 404 in the envelope for a tenant that is no uuid or has no logo', async () => {
    for (const tenant of ['not-a-tenant', '00000000-0000-4000-8000-000000000000']) {
      const res = await serve(tenant);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ status: 'error', error_code: 'NOT_FOUND', request_id: expect.any(String) });
    }
  });
});
