/**
 * Makes the generated OpenAPI document describe what /api/v1 answers. trpc-to-openapi
 * documents each 200 as the bare procedure output and errors in its own shape; the REST
 * adapter (apps/web/src/app/api/v1/[...trpc]/route.ts) answers the spec §2 envelopes:
 *   200     { status: 'success', data: <output>, meta: { timestamp, request_id } }
 *   errors  { status: 'error', error_code, message, details, request_id, meta }
 * Each operation gets one error response per HTTP status it can answer, listing the codes
 * that status carries for it (ERROR_HTTP_STATUS maps code → status). The codes follow from
 *   - the procedure's builder (read from its middlewares, so it cannot drift):
 *       every operation   VALIDATION_FAILED, INTERNAL_ERROR, SERVICE_UNAVAILABLE
 *       authed            + UNAUTHENTICATED
 *       platform          + UNAUTHENTICATED, FORBIDDEN
 *       tenant            + UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED; FEATURE_DISABLED with
 *                           meta.feature; LIMIT_EXCEEDED with meta.limit; CONFLICT for
 *                           mutations (an Idempotency-Key reused for another request)
 *   - path parameters (NOT_FOUND for an unknown id), and
 *   - meta.errors: what the handler itself may answer beyond that.
 * Headers, as the adapter and the chain send them: X-Request-Id on every answer; the
 * tenant chain's X-RateLimit-* on its answers (absent while the limiter fails open);
 * Idempotent-Replayed on a replayed mutation; Retry-After on 429 and 503 (always: a
 * database that cannot be reached, an admission gate that is full, a router or gateway
 * that did not answer). Tenant mutations take an Idempotency-Key header.
 */
import { z } from 'zod';
import {
  DEFAULT_ERROR_MESSAGES,
  ERROR_CODES,
  ERROR_HTTP_STATUS,
  errorEnvelopeSchema,
  responseMetaSchema,
} from '@rrnet/contracts';
import type { ErrorCode } from '@rrnet/contracts';
import type { OpenAPIObject } from 'trpc-to-openapi';
import type { ProcedureMeta } from './meta';
import { IDEMPOTENCY_KEY } from './middleware/idempotency';
import { authedProcedure, platformProcedure, tenantProcedure } from './procedures';
import { baseProcedure } from './trpc';

export type Chain = 'public' | 'authed' | 'tenant' | 'platform';

interface ProcedureDef {
  _def: {
    type: 'query' | 'mutation' | 'subscription';
    meta?: ProcedureMeta;
    middlewares: unknown[];
  };
}

/** The middlewares a builder adds to baseProcedure (a shared one, e.g. metrics, counts for each). */
function ownMiddlewares(builder: unknown): unknown[] {
  const base = (baseProcedure as unknown as ProcedureDef)._def.middlewares;
  return (builder as ProcedureDef)._def.middlewares.filter((m) => !base.includes(m));
}

// most specific first: a platform procedure also has the authed builder's middleware
const CHAINS: [Chain, unknown[]][] = [
  ['platform', ownMiddlewares(platformProcedure)],
  ['tenant', ownMiddlewares(tenantProcedure)],
  ['authed', ownMiddlewares(authedProcedure)],
];

function chainOf(procedure: ProcedureDef): Chain {
  const used = procedure._def.middlewares;
  return (
    CHAINS.find(([, own]) => own.length > 0 && own.every((m) => used.includes(m)))?.[0] ?? 'public'
  );
}

export interface OperationFacts {
  chain: Chain;
  mutation: boolean;
  meta: ProcedureMeta;
}

/** `get /customers/customers/{id}` → what the procedure behind it is. */
export function operationFacts(procedures: Record<string, unknown>): Map<string, OperationFacts> {
  const facts = new Map<string, OperationFacts>();
  for (const procedure of Object.values(procedures) as ProcedureDef[]) {
    const meta = procedure._def.meta;
    if (!meta?.openapi) continue;
    facts.set(`${meta.openapi.method.toLowerCase()} ${meta.openapi.path}`, {
      chain: chainOf(procedure),
      mutation: procedure._def.type === 'mutation',
      meta,
    });
  }
  return facts;
}

/** The error codes an operation can answer (see the header of this file). */
export function errorCodesOf(facts: OperationFacts, hasPathParameters: boolean): ErrorCode[] {
  const codes = new Set<ErrorCode>(['VALIDATION_FAILED', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE']);
  if (facts.chain !== 'public') codes.add('UNAUTHENTICATED');
  if (facts.chain === 'platform') codes.add('FORBIDDEN');
  if (facts.chain === 'tenant') {
    codes.add('FORBIDDEN').add('RATE_LIMITED');
    if (facts.meta.feature) codes.add('FEATURE_DISABLED');
    if (facts.meta.limit) codes.add('LIMIT_EXCEEDED');
    if (facts.mutation) codes.add('CONFLICT');
  }
  if (facts.chain !== 'public' && hasPathParameters) codes.add('NOT_FOUND');
  for (const code of facts.meta.errors ?? []) codes.add(code);
  return ERROR_CODES.filter((code) => codes.has(code));
}

type Json = Record<string, unknown>;
const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
  }) as Json;
  return rest;
}

const RATE_LIMIT_HEADERS = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'X-RateLimit-Scope',
];

function header(description: string, schema: Json, required = false): Json {
  return { description, required, schema };
}

const COMPONENT_HEADERS: Record<string, Json> = {
  'X-Request-Id': header(
    'The request id, also in `meta.request_id` (an incoming `X-Request-Id` of 8–128 safe characters is kept).',
    { type: 'string' },
    true,
  ),
  'X-RateLimit-Limit': header(
    'Requests allowed in the tightest rate-limit window (per ISP, per user or API key, per IP).',
    { type: 'integer' },
  ),
  'X-RateLimit-Remaining': header('Requests left in that window.', { type: 'integer', minimum: 0 }),
  'X-RateLimit-Reset': header('When that window resets, in Unix seconds.', { type: 'integer' }),
  'X-RateLimit-Scope': header('Which window the other X-RateLimit-* headers describe.', {
    type: 'string',
    enum: ['tenant', 'user', 'ip'],
  }),
  'Idempotent-Replayed': header(
    '`true` when this answer is the stored result of an earlier request with the same Idempotency-Key.',
    {
      type: 'string',
      enum: ['true'],
    },
  ),
  // sent with every 429 and every 503, so required wherever it is listed
  'Retry-After': header('Seconds to wait before trying again.', { type: 'integer', minimum: 1 }, true),
};

// inline in each operation, not a $ref: readers such as the /api-docs page list parameters by name
const IDEMPOTENCY_KEY_PARAMETER: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the first request with a key runs and its result is stored in the same transaction; ' +
    'a repeat with the same key and body answers the stored result (`Idempotent-Replayed: true`), the same key ' +
    'with another request is 409 `CONFLICT`. Keys are per ISP.',
  schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
};

const STATUS_TITLES: Record<number, string> = {
  400: 'The request is invalid',
  401: 'Not signed in',
  403: 'Refused',
  404: 'Not found',
  409: 'Conflicts with the current state',
  429: 'Too many requests',
  500: 'Unexpected failure',
  503: 'Temporarily unavailable',
};

function errorResponse(status: number, codes: ErrorCode[], chain: Chain): Json {
  const headers: Json = { 'X-Request-Id': ref('headers', 'X-Request-Id') };
  if (status === 429) {
    headers['Retry-After'] = ref('headers', 'Retry-After');
    // the tenant chain's limiter sends its window; the sign-in guard only Retry-After
    if (chain === 'tenant')
      for (const name of RATE_LIMIT_HEADERS)
        headers[name] = { ...COMPONENT_HEADERS[name], required: true };
  }
  // every 503 says when to come back (AppError adds it to SERVICE_UNAVAILABLE), the admission gate's refusals included
  if (status === 503) headers['Retry-After'] = ref('headers', 'Retry-After');
  const list = codes.map((code) => `\`${code}\` (${DEFAULT_ERROR_MESSAGES[code]})`).join(', ');
  return {
    description: `${STATUS_TITLES[status] ?? 'Error'}: ${list}.`,
    headers,
    content: {
      'application/json': {
        schema: {
          allOf: [ref('schemas', 'ErrorEnvelope')],
          properties: { error_code: { type: 'string', enum: codes } },
        },
      },
    },
  };
}

function successResponse(original: Json | undefined, facts: OperationFacts): Json {
  const data =
    ((original?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema ??
    {};
  const headers: Json = { 'X-Request-Id': ref('headers', 'X-Request-Id') };
  if (facts.chain === 'tenant')
    for (const name of RATE_LIMIT_HEADERS) headers[name] = ref('headers', name);
  if (facts.chain === 'tenant' && facts.mutation)
    headers['Idempotent-Replayed'] = ref('headers', 'Idempotent-Replayed');
  return {
    description: (original?.description as string | undefined) ?? 'Successful response',
    headers,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            status: { type: 'string', const: 'success' },
            data,
            meta: ref('schemas', 'ResponseMeta'),
          },
          required: ['status', 'data', 'meta'],
          additionalProperties: false,
        },
      },
    },
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Rewrites responses, security and headers of every operation in place; returns the document. */
export function describeServedResponses(
  document: OpenAPIObject,
  facts: Map<string, OperationFacts>,
  securityScheme: string,
): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      const fact = facts.get(`${method} ${path}`);
      if (!fact) throw new Error(`OpenAPI: no procedure behind ${method.toUpperCase()} ${path}`);
      const responses = operation.responses as Json;
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of errorCodesOf(fact, /\{[^}]+\}/.test(path))) {
        const status = ERROR_HTTP_STATUS[code];
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      const rewritten: Json = {
        '200': successResponse(responses['200'] as Json | undefined, fact),
      };
      for (const status of [...byStatus.keys()].sort((a, b) => a - b))
        rewritten[String(status)] = errorResponse(status, byStatus.get(status)!, fact.chain);
      operation.responses = rewritten;
      operation.security = fact.chain === 'public' ? [] : [{ [securityScheme]: [] }];
      if (fact.chain === 'tenant' && fact.mutation) {
        operation.parameters = [
          ...((operation.parameters as unknown[] | undefined) ?? []),
          IDEMPOTENCY_KEY_PARAMETER,
        ];
      }
    }
  }
  const components = (document.components ??= {}) as Json;
  components.schemas = {
    ...(components.schemas as Json | undefined),
    ResponseMeta: jsonSchema(responseMetaSchema),
    ErrorEnvelope: {
      ...jsonSchema(errorEnvelopeSchema),
      properties: {
        ...(jsonSchema(errorEnvelopeSchema).properties as Json),
        meta: ref('schemas', 'ResponseMeta'),
      },
    },
  };
  components.headers = COMPONENT_HEADERS;
  dropUnreferencedSchemas(document);
  return document;
}

/** trpc-to-openapi's own error schemas (error.BAD_REQUEST, …) are no longer used. */
function dropUnreferencedSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Json;
  for (;;) {
    const { schemas: _all, ...rest } = document.components ?? {};
    const text = JSON.stringify({ ...document, components: rest }) + JSON.stringify(schemas);
    const unused = Object.keys(schemas).filter(
      (name) => !text.includes(`"#/components/schemas/${name}"`),
    );
    if (unused.length === 0) return;
    for (const name of unused) delete schemas[name];
  }
}
