/** The OpenAPI document of the REST surface (/api/v1), generated from procedure metas. */
import { generateOpenApiDocument as generate } from 'trpc-to-openapi';
import { appRouter } from './root';

export function generateOpenApiDocument(baseUrl: string) {
  return generate(appRouter, {
    title: 'RRNet API',
    description:
      'REST surface of RRNet: the same procedures as the tRPC API, snake_case payloads. ' +
      'Authenticate with `Authorization: Bearer <access token or API key>`. Responses use the envelope ' +
      '`{status, data, meta}`; errors `{status, error_code, message, details, request_id, meta}`. ' +
      'Mutations honour `Idempotency-Key`.',
    version: '1.0.0',
    baseUrl: `${baseUrl.replace(/\/$/, '')}/api/v1`,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  });
}
