import type { Metadata } from 'next';
import { generateOpenApiDocument } from '@rrnet/api';
import { signAccessToken } from '@rrnet/auth';
import { ApiReference } from '~/components/ApiReference';
import { webConfig } from '~/config';
import { webSessionClaims } from '~/server/auth';
import { activeSessionUser } from '~/server/web_session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'RRNet API' };

/**
 * The OpenAPI reference. For a signed-in person "try it" is authorised with an access
 * token of their own web session (same session family and fingerprint: it ends when the
 * session ends, and lives 15 minutes); signed out, the reference reads the same without.
 */
export default async function ApiDocsPage() {
  const config = webConfig();
  const user = await activeSessionUser();
  const claims = user ? await webSessionClaims() : null;
  const token = claims ? await signAccessToken(claims, config.AUTH_SECRET) : null;
  return <ApiReference document={generateOpenApiDocument(config.PUBLIC_URL)} token={token} />;
}
