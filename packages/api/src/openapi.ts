/**
 * The OpenAPI document of the REST surface (/api/v1), generated from procedure metas and
 * then made to describe what is served (envelopes, error codes per status, headers; see
 * ./openapi_responses.ts). `baseUrl` is the deployment's public URL (web config PUBLIC_URL).
 */
import { generateOpenApiDocument as generate } from 'trpc-to-openapi';
import type { OpenAPIObject } from 'trpc-to-openapi';
import { describeServedResponses, operationFacts } from './openapi_responses';
import { appRouter } from './root';

const SECURITY_SCHEME = 'bearer';

const TAGS: { name: string; description: string }[] = [
  { name: 'system', description: 'Platform health for monitoring tools.' },
  {
    name: 'auth',
    description:
      'Sign-in, token refresh and rotation, sessions, switching ISP, the signed-in profile.',
  },
  { name: 'admin', description: "An ISP's settings, its users and roles, and API keys." },
  {
    name: 'platform',
    description: "RRNet staff only (super_admin): the job platform's queues and dead letters.",
  },
  {
    name: 'network',
    description: 'MikroTik routers (status, sync, live PPPoE sessions) and the OLT/ODP topology.',
  },
  {
    name: 'customers',
    description: 'Service plans, subscribers and their lifecycle, CSV imports.',
  },
  { name: 'maps', description: 'Routers, topology nodes and customers located in an area.' },
  {
    name: 'billing',
    description:
      'Invoices, billing runs, payments and payment links, arrears, the Midtrans gateway.',
  },
  {
    name: 'isolir',
    description:
      'Isolation of overdue customers and their restoration: history, manual actions, sweeps.',
  },
  {
    name: 'reports',
    description: "The ISP's analytics for a period against the previous one, and background CSV/XLSX exports.",
  },
];

export function generateOpenApiDocument(baseUrl: string): OpenAPIObject {
  const document = generate(appRouter, {
    title: 'RRNet API',
    description:
      'REST surface of RRNet: the same procedures as the tRPC API, snake_case payloads. ' +
      'Authenticate with `Authorization: Bearer <access token or API key>` (get a token pair from `POST /auth/login`). ' +
      'Every answer is an envelope: `{status: "success", data, meta}`, or on failure ' +
      '`{status: "error", error_code, message, details, request_id, meta}` with the HTTP status of its `error_code`. ' +
      'ISP operations are rate limited (X-RateLimit-* headers; 429 with Retry-After) and their mutations honour `Idempotency-Key`.',
    version: '1.0.0',
    baseUrl: `${baseUrl.replace(/\/$/, '')}/api/v1`,
    securitySchemes: {
      [SECURITY_SCHEME]: {
        type: 'http',
        scheme: 'bearer',
        description: 'An access token from /auth/login or an API key.',
      },
    },
    tags: TAGS.map((tag) => tag.name),
  });
  document.tags = TAGS;
  document.servers = [
    { url: `${baseUrl.replace(/\/$/, '')}/api/v1`, description: 'This deployment (PUBLIC_URL)' },
  ];
  return describeServedResponses(
    document,
    operationFacts(appRouter._def.procedures),
    SECURITY_SCHEME,
  );
}
