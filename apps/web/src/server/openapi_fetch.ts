/**
 * The REST dispatcher of /api/v1: finds the procedure whose `meta.openapi` names the
 * request's method and path, builds its input the way trpc-to-openapi documents it and
 * calls the procedure — the same chain as over tRPC.
 *
 * It does what trpc-to-openapi's node handler (3.3.0, adapters/node-http/core.mjs) does
 * for a request, with its own helpers (forEachOpenApiProcedure, getPathRegExp,
 * getInputOutputParsers, unwrapZodType, coerceSchema), but with the work that does not
 * depend on the request done once per process instead of on every request: the handler
 * scanned every path pattern of the method with a regular expression (then ran the match
 * again), merged and unwrapped the input schema and walked it to set coercion, wrapped
 * the Request in a Proxy, parsed the URL twice, built a caller proxy per request and
 * serialised an error shape the envelope did not use. Here a path without parameters is
 * one Map lookup; patterns are still tried in the document's order, so the procedure
 * found is the one trpc-to-openapi would find (a pattern declared earlier wins over a
 * fixed path declared later), paths match case-insensitively as there.
 *
 * The answer is the output's JSON (absent for no output), which the caller wraps in the
 * envelope, or the chain's TRPCError, whose code the caller answers in the envelope.
 */
import 'server-only';
import { TRPCError, getTRPCErrorFromUnknown } from '@trpc/server';
import type { AnyProcedure } from '@trpc/server';
import { ZodArray } from 'zod/v4';
import type { ZodObject, ZodType } from 'zod/v4';
import {
  coerceSchema,
  forEachOpenApiProcedure,
  getInputOutputParsers,
  getPathRegExp,
  instanceofZodTypeLikeVoid,
  instanceofZodTypeObject,
  instanceofZodTypeOptional,
  normalizePath,
  unwrapZodType,
  zodSupportsCoerce,
} from 'trpc-to-openapi';
import { appRouter } from '@rrnet/api';
import type { Context } from '@rrnet/api';

export interface OpenApiCall {
  req: Request;
  createContext: () => Promise<Context>;
}

/** What the dispatcher answered: the output's JSON (absent for no output), or the failure. */
export type OpenApiAnswer = { ok: true; json: string | undefined } | { ok: false; error: TRPCError };

/** One REST operation: its procedure and what its input needs, worked out on its first call. */
interface Operation {
  /** the procedure's tRPC path (admin.users.list) */
  path: string;
  procedure: AnyProcedure;
  /** the position of its `meta.openapi` among the method's operations */
  order: number;
  input?: InputShape;
}

interface InputShape {
  /** z.void()-like: the procedure gets no input at all */
  none: boolean;
  /** the query parameters declared as arrays: a single value becomes a one-element array */
  arrays: string[];
}

interface Pattern {
  regex: RegExp;
  operation: Operation;
}

interface Table {
  /** method → lower-cased path without parameters → operation */
  fixed: Map<string, Map<string, Operation>>;
  /** method → patterns with {parameters}, in the document's order */
  patterns: Map<string, Pattern[]>;
}

let table: Table | undefined;

function operations(): Table {
  if (table) return table;
  const fixed = new Map<string, Map<string, Operation>>();
  const patterns = new Map<string, Pattern[]>();
  const counts = new Map<string, number>();
  forEachOpenApiProcedure(appRouter._def.procedures as never, ({ path, procedure, meta: { openapi } }) => {
    const anyProcedure = procedure as unknown as AnyProcedure;
    if (anyProcedure._def.type === 'subscription') return;
    const method = openapi.method;
    const order = counts.get(method) ?? 0;
    counts.set(method, order + 1);
    const operation: Operation = { path, procedure: anyProcedure, order };
    const openapiPath = normalizePath(openapi.path);
    if (openapiPath.includes('{')) {
      let list = patterns.get(method);
      if (!list) patterns.set(method, (list = []));
      list.push({ regex: getPathRegExp(openapiPath), operation });
    } else {
      let byPath = fixed.get(method);
      if (!byPath) fixed.set(method, (byPath = new Map()));
      // the first declaration of a path wins, as trpc-to-openapi's scan finds it first
      if (!byPath.has(openapiPath.toLowerCase())) byPath.set(openapiPath.toLowerCase(), operation);
    }
  });
  table = { fixed, patterns };
  return table;
}

/** The operation at `method` `path` and its path parameters, as trpc-to-openapi's procedure cache finds them. */
function find(method: string, path: string): { operation: Operation; pathInput: Record<string, string> } | null {
  const { fixed, patterns } = operations();
  const exact = fixed.get(method)?.get(path.toLowerCase());
  for (const { regex, operation } of patterns.get(method) ?? []) {
    if (exact && operation.order > exact.order) break;
    const match = regex.exec(path);
    if (match) return { operation, pathInput: { ...match.groups } };
  }
  return exact ? { operation: exact, pathInput: {} } : null;
}

/**
 * What trpc-to-openapi derives from a procedure's input schema, once: its merged, unwrapped
 * parser, whether it takes no input, which of its fields are arrays — and coercion of its
 * number/boolean/date fields from query strings, set on the schema (coerceSchema, which the
 * adapter applied on each request: the schema is shared, so once is the same).
 */
function inputShape(operation: Operation): InputShape {
  if (operation.input) return operation.input;
  const { inputParser } = getInputOutputParsers(operation.procedure as never);
  const unwrapped = unwrapZodType(inputParser as ZodType, true);
  const arrays: string[] = [];
  if (zodSupportsCoerce && instanceofZodTypeObject(unwrapped)) {
    for (const [key, shape] of Object.entries((unwrapped as ZodObject).shape)) {
      if (shape instanceof ZodArray || (instanceofZodTypeOptional(shape) && (shape as unknown as { unwrap: () => unknown }).unwrap() instanceof ZodArray)) arrays.push(key);
    }
    coerceSchema(unwrapped as ZodObject);
  }
  operation.input = { none: instanceofZodTypeLikeVoid(unwrapped), arrays };
  return operation.input;
}

/** The query string as trpc-to-openapi reads it: a name's single value as a string, repeated ones as an array. */
function queryInput(url: URL): Record<string, unknown> {
  const values = new Map<string, string[]>();
  url.searchParams.forEach((value, key) => {
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  });
  // a plain object as there: a parameter named like an Object.prototype member
  // (`constructor`, `toString`, `__proto__`…) is one more unknown parameter, never a 500
  const query: Record<string, unknown> = {};
  for (const [key, list] of values) query[key] = list.length === 1 ? list[0] : list;
  return query;
}

async function bodyInput(req: Request): Promise<unknown> {
  const text = await req.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'Failed to parse request body', cause: cause as Error });
  }
}

/** Answers one REST request at `endpoint` (e.g. /api/v1) with the app router. */
export async function openApiFetch(endpoint: string, call: OpenApiCall): Promise<OpenApiAnswer> {
  const { req } = call;
  // HEAD is GET without the body (Next answers HEAD with the GET handler)
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const url = new URL(req.url);
  const path = normalizePath(url.pathname.startsWith(endpoint) ? url.pathname.slice(endpoint.length) : url.pathname);
  const found = find(method, path);
  try {
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such endpoint. See /api/v1/openapi.json.' });
    const { operation, pathInput } = found;
    const useBody = method !== 'GET' && method !== 'DELETE';
    const contentType = req.headers.get('content-type') ?? undefined;
    if (useBody && !contentType?.startsWith('application/json')) {
      throw new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: contentType ? `Unsupported content-type "${contentType}` : 'Missing content-type header',
      });
    }
    const shape = inputShape(operation);
    let input: Record<string, unknown> | undefined;
    if (!shape.none) {
      input = { ...(useBody ? ((await bodyInput(req)) as object) : queryInput(url)), ...pathInput };
      if (!useBody) {
        for (const key of shape.arrays) if (input[key] !== undefined && !Array.isArray(input[key])) input[key] = [input[key]];
      }
    }
    const ctx = await call.createContext();
    // what the caller proxy of router.createCaller(ctx) did with the adapter's input
    const data: unknown = await operation.procedure({
      path: operation.path,
      getRawInput: async () => input,
      ctx,
      type: operation.procedure._def.type,
      signal: req.signal,
      batchIndex: 0,
    });
    return { ok: true, json: JSON.stringify(data) as string | undefined };
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause) };
  }
}
