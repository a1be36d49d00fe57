/** The OpenAPI 3 document of /api/v1, generated from the procedures' declarations. */
import { generateOpenApiDocument } from '@rrnet/api';
import { webConfig } from '~/config';

export const dynamic = 'force-dynamic';

let cached: ReturnType<typeof generateOpenApiDocument> | undefined;

export function GET(): Response {
  cached ??= generateOpenApiDocument(webConfig().PUBLIC_URL);
  return Response.json(cached, { headers: { 'cache-control': 'public, max-age=300' } });
}
