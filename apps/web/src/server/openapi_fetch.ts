/**
 * trpc-to-openapi's fetch adapter, with its handler built once per process.
 * `createOpenApiFetchHandler` builds a new node handler on every call — outside production
 * that re-generates the whole OpenAPI document to validate the router (tens of ms of CPU
 * per request, most of a request's cost), and in production it rebuilds the procedure
 * table. Here the handler is made once; what differs per request (the context's inputs,
 * the error seen) travels on the request proxy the handler is given (under CALL), which
 * it hands back to createContext and onError. The request proxy and the response shim
 * follow trpc-to-openapi's fetch adapter (dist/esm/adapters/fetch.mjs, 3.3.0); the query
 * string is parsed here (see queryOf). The answer is the status and the JSON text the
 * adapter wrote, not a Response: the caller wraps that text in the envelope, and a
 * Response read back with text() only cost a web stream per request.
 */
import 'server-only';
import { TRPCError } from '@trpc/server';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { appRouter } from '@rrnet/api';
import type { Context } from '@rrnet/api';

export interface OpenApiCall {
  req: Request;
  createContext: () => Promise<Context>;
  onError: (error: TRPCError) => void;
}

/** The call a request proxy belongs to (its inputs for createContext, its onError). */
const CALL = Symbol('rrnet.openApiCall');
type WithCall = { [CALL]: OpenApiCall };
type NodeHandler = (req: unknown, res: unknown) => Promise<void>;
let handler: NodeHandler | undefined;

function nodeHandler(): NodeHandler {
  handler ??= createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: ({ req }: { req: WithCall }) => req[CALL].createContext(),
    onError: ({ error, req }: { error: TRPCError; req: WithCall }) => req[CALL].onError(error),
  } as never) as unknown as NodeHandler;
  return handler;
}

/** What the adapter answered: its status and the JSON it wrote (absent for a body-less answer). */
export interface OpenApiAnswer {
  status: number;
  body: string | undefined;
}

type Body = { isValid: true; data: unknown } | { isValid: false; cause: unknown };

async function readBody(req: Request): Promise<Body> {
  try {
    const type = req.headers.get('content-type');
    if (type?.includes('application/json')) return { isValid: true, data: JSON.parse(await req.text()) };
    if (type?.includes('application/x-www-form-urlencoded')) {
      const params = new URLSearchParams(await req.text());
      return { isValid: true, data: Object.fromEntries([...params.keys()].map((k) => [k, params.getAll(k)])) };
    }
    return { isValid: true, data: req.body };
  } catch (cause) {
    return { isValid: false, cause };
  }
}

/**
 * The query string as trpc-to-openapi reads it (`req.query`: name → values), in an object
 * without a prototype. Left to itself it collects the values in a plain object, and a
 * parameter named like an Object.prototype member (`__proto__`, `constructor`,
 * `toString`…) finds that member instead of an array and throws: a 500 for any request
 * that adds `?constructor=1`. Here such a name is one more unknown parameter.
 */
function queryOf(url: URL): Record<string, string[]> {
  const query = Object.create(null) as Record<string, string[]>;
  url.searchParams.forEach((value, key) => {
    (query[key] ??= []).push(value);
  });
  return query;
}

/** Answers one REST request at `endpoint` (e.g. /api/v1) with the app router. */
export async function openApiFetch(endpoint: string, call: OpenApiCall): Promise<OpenApiAnswer> {
  const url = new URL(call.req.url.replace(endpoint, ''));
  const query = queryOf(url);
  const body = await readBody(call.req);
  const proxy = new Proxy(call.req, {
    get: (target, prop) => {
      if (prop === CALL) return call;
      if (prop === 'url') return url.toString();
      if (prop === 'query') return query;
      if (prop === 'body') {
        if (!body.isValid) throw new TRPCError({ code: 'PARSE_ERROR', message: 'Failed to parse request body', cause: body.cause });
        return body.data;
      }
      return target[prop as keyof Request];
    },
  });
  return new Promise<OpenApiAnswer>((resolve, reject) => {
    // the adapter's own headers (Content-Type; no responseMeta here) are not needed: the
    // caller sets the envelope's
    const res = {
      statusCode: 200,
      setHeader: () => {},
      end: (text?: string) => resolve({ status: res.statusCode, body: text }),
    };
    nodeHandler()(proxy, res).catch(reject);
  });
}
