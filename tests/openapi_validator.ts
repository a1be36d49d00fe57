/**
 * Checks a REST answer against the served OpenAPI document: finds the operation by method
 * and path template, takes the response documented for the status, and validates the JSON
 * body against its schema (JSON Schema 2020-12, as OpenAPI 3.1 uses, with Ajv and
 * ajv-formats) and, when headers are given, that the headers it marks required are there.
 * Throws OpenApiMismatch on any difference: an unknown path, an undocumented method or
 * status, a body or header that does not match.
 *
 *   const doc = await (await openapiRoute.GET()).json();
 *   assertMatchesOpenApi(doc, { method: 'GET', url: req.url, status: res.status, body, headers: res.headers });
 *
 * One compiled validator per (document, operation, status), cached.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export is the plugin, or the module holding it
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as typeof addFormatsModule;

type Json = Record<string, unknown>;

export interface ObservedResponse {
  method: string;
  /** full URL or path, with or without the server's base path (/api/v1) and a query string */
  url: string;
  status: number;
  body: unknown;
  headers?: { get(name: string): string | null };
}

export class OpenApiMismatch extends Error {
  override name = 'OpenApiMismatch';
}

interface Compiled {
  ajv: Ajv2020;
  basePath: string;
  templates: { template: string; pattern: RegExp; literals: number }[];
  validators: Map<string, ValidateFunction>;
}

const DOCUMENT_ID = 'urn:rrnet:openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const cache = new WeakMap<object, Compiled>();

function compile(document: Json): Compiled {
  const cached = cache.get(document);
  if (cached) return cached;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const servers = (document.servers as { url: string }[] | undefined) ?? [];
  const basePath = servers[0]
    ? new URL(servers[0].url, 'http://server.invalid').pathname.replace(/\/$/, '')
    : '';
  const templates = Object.keys((document.paths as Json | undefined) ?? {}).map((template) => {
    const segments = template.split('/');
    const pattern = new RegExp(
      `^${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`,
    );
    return { template, pattern, literals: segments.filter((s) => s && !s.startsWith('{')).length };
  });
  // a literal segment wins over a parameter (/customers/imports/preview before /customers/imports/{id})
  templates.sort((a, b) => b.literals - a.literals);
  const compiled: Compiled = { ajv, basePath, templates, validators: new Map() };
  cache.set(document, compiled);
  return compiled;
}

const pointer = (...segments: string[]) =>
  segments
    .map((s) => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`)
    .join('');

function resolveRef(document: Json, value: unknown): Json {
  let node = value as Json;
  while (node && typeof node.$ref === 'string') {
    const path = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    node = path.reduce<Json>((at, key) => at[key] as Json, document);
  }
  return node;
}

/** Throws OpenApiMismatch unless the answer is what the document says; returns the operation id. */
export function assertMatchesOpenApi(document: object, observed: ObservedResponse): string {
  const doc = document as Json;
  const { ajv, basePath, templates, validators } = compile(doc);
  let path = new URL(observed.url, 'http://client.invalid').pathname;
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`)))
    path = path.slice(basePath.length) || '/';
  const method = observed.method.toLowerCase();
  const where = `${observed.method.toUpperCase()} ${path} → ${observed.status}`;
  if (!METHODS.includes(method)) throw new OpenApiMismatch(`${where}: not an HTTP method`);

  const paths = doc.paths as Record<string, Json>;
  const match = templates.find((t) => t.pattern.test(path) && paths[t.template]?.[method]);
  if (!match)
    throw new OpenApiMismatch(`${where}: no operation in the document for this method and path`);
  const operation = paths[match.template]![method] as Json;
  const operationId = String(operation.operationId ?? `${method} ${match.template}`);
  const responses = operation.responses as Json;
  const statusKey = String(observed.status);
  const rangeKey = `${statusKey[0]}XX`;
  const key =
    statusKey in responses
      ? statusKey
      : rangeKey in responses
        ? rangeKey
        : 'default' in responses
          ? 'default'
          : null;
  if (!key) {
    throw new OpenApiMismatch(
      `${where} (${operationId}): status not documented (documented: ${Object.keys(responses).join(', ')})`,
    );
  }
  const response = resolveRef(doc, responses[key]);

  if (observed.headers) {
    const missing = Object.entries((response.headers as Json | undefined) ?? {})
      .filter(([, header]) => resolveRef(doc, header).required === true)
      .map(([name]) => name)
      .filter((name) => observed.headers!.get(name) === null);
    if (missing.length > 0)
      throw new OpenApiMismatch(
        `${where} (${operationId}): required header(s) missing: ${missing.join(', ')}`,
      );
  }

  const content = response.content as Record<string, Json> | undefined;
  if (!content?.['application/json']?.schema) {
    if (observed.body !== undefined && observed.body !== null && observed.body !== '') {
      throw new OpenApiMismatch(
        `${where} (${operationId}): a body was sent where the document describes none`,
      );
    }
    return operationId;
  }
  const cacheKey = `${match.template} ${method} ${key}`;
  let validate = validators.get(cacheKey);
  if (!validate) {
    const ref = `${DOCUMENT_ID}#${pointer('paths', match.template, method, 'responses', key, 'content', 'application/json', 'schema')}`;
    validate = ajv.compile({ $ref: ref });
    validators.set(cacheKey, validate);
  }
  if (!validate(observed.body)) {
    const errors = ajv.errorsText(validate.errors, { dataVar: 'body', separator: '\n  ' });
    throw new OpenApiMismatch(
      `${where} (${operationId}): the body does not match the documented schema:\n  ${errors}`,
    );
  }
  return operationId;
}
