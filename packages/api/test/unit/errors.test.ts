import { Writable } from 'node:stream';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, DEFAULT_ERROR_MESSAGES } from '@rrnet/contracts';
import { createLogger, runWithContext } from '@rrnet/logger';
import type { Context } from '../../src/context';
import { baseProcedure, classifyError, createCallerFactory, createTRPCRouter, toTrpcError } from '../../src/trpc';

describe('tRPC error classification', () => {
  it('keeps AppError codes and details', () => {
    const err = toTrpcError(new AppError('LIMIT_EXCEEDED', { details: { limit: 'routers' } }));
    expect(err.code).toBe('FORBIDDEN');
    expect(classifyError(err)).toEqual({
      code: 'LIMIT_EXCEEDED',
      message: 'Your plan limit has been reached.',
      details: { limit: 'routers' },
    });
  });

  it('turns zod failures into VALIDATION_FAILED with field details', () => {
    const parsed = z.object({ name: z.string() }).safeParse({ name: 1 });
    const err = new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
    const classified = classifyError(err);
    expect(classified.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(classified.details)).toEqual(['name']);
  });

  it('hides unexpected errors behind INTERNAL_ERROR', () => {
    const err = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'relation "x" does not exist', cause: new Error('boom') });
    expect(classifyError(err)).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side. It has been logged.',
      details: {},
    });
  });
});

/**
 * The formatter and the error boundary, through tRPC's own fetch handler: a Request in,
 * a Response out, all in memory. The logger writes to an array.
 */
describe('tRPC error responses', () => {
  function harness() {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        cb();
      },
    });
    const logger = createLogger({ service: 'api-test', destination, level: 'debug' });
    const router = createTRPCRouter({
      limit: baseProcedure.query(() => {
        throw new AppError('LIMIT_EXCEEDED', { details: { limit: 'routers' } });
      }),
      missing: baseProcedure.query(() => {
        throw new AppError('NOT_FOUND', { message: 'No customer with that id.' });
      }),
      refused: baseProcedure.query(() => {
        throw toTrpcError(new AppError('FORBIDDEN'));
      }),
      plainNotFound: baseProcedure.query(() => {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'No router with that id.' });
      }),
      broken: baseProcedure.query(() => {
        throw new Error('relation "tenant_x" does not exist');
      }),
      typed: baseProcedure.input(z.object({ name: z.string().min(2), day: z.number().int().max(28) })).mutation(({ input }) => input.name),
    });
    const ctx = { requestId: 'req-ctx', services: { logger } } as unknown as Context;
    const call = async (path: string, init: { method?: string; body?: unknown } = {}, withCtx = true) => {
      const url = new URL(`http://rrnet.test/api/trpc/${path}`);
      const response = await fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request(url, {
          method: init.method ?? 'GET',
          ...(init.body !== undefined ? { body: JSON.stringify({ json: init.body }), headers: { 'content-type': 'application/json' } } : {}),
        }),
        router,
        createContext: () => {
          if (!withCtx) throw new AppError('UNAUTHENTICATED');
          return ctx;
        },
      });
      const body = (await response.json()) as { error: { json: { message: string; code: number; data: Record<string, unknown> } } };
      return { status: response.status, error: body.error.json };
    };
    return { call, lines };
  }

  it('keeps an AppError’s spec code, HTTP status, message and details, with the request id', async () => {
    const { call, lines } = harness();
    const { status, error } = await call('limit');
    expect(status).toBe(403);
    expect(error.message).toBe('Your plan limit has been reached.');
    expect(error.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, path: 'limit', error_code: 'LIMIT_EXCEEDED', details: { limit: 'routers' }, request_id: 'req-ctx' });
    // a refusal is logged once, at info, without a stack
    expect(lines.filter((l) => l.message === 'procedure refused')).toMatchObject([{ level: 'info', path: 'limit', type: 'query', error_code: 'LIMIT_EXCEEDED' }]);
    expect(lines.some((l) => l.level === 'error')).toBe(false);
  });

  it('answers an AppError thrown as it is with its own status, not a 500', async () => {
    const { call } = harness();
    const { status, error } = await call('missing');
    expect(status).toBe(404);
    expect(error.message).toBe('No customer with that id.');
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, error_code: 'NOT_FOUND' });
  });

  it('maps tRPC’s own codes to spec codes, keeping their message', async () => {
    const { call } = harness();
    await expect(call('plainNotFound')).resolves.toMatchObject({ status: 404, error: { message: 'No router with that id.', data: { error_code: 'NOT_FOUND', details: {} } } });
    await expect(call('refused')).resolves.toMatchObject({ status: 403, error: { data: { error_code: 'FORBIDDEN' } } });
  });

  it('reports invalid input as VALIDATION_FAILED with a message per field', async () => {
    const { call } = harness();
    const { status, error } = await call('typed', { method: 'POST', body: { name: 'x', day: 31 } });
    expect(status).toBe(400);
    expect(error.message).toBe(DEFAULT_ERROR_MESSAGES.VALIDATION_FAILED);
    expect(error.data.error_code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.data.details as object).sort()).toEqual(['day', 'name']);
  });

  it('hides an unexpected failure behind INTERNAL_ERROR and logs its cause once, at error', async () => {
    const { call, lines } = harness();
    const { status, error } = await call('broken');
    expect(status).toBe(500);
    expect(error.message).toBe('Something went wrong on our side. It has been logged.');
    expect(JSON.stringify(error)).not.toContain('tenant_x');
    expect(error.data).toMatchObject({ error_code: 'INTERNAL_ERROR', details: {}, request_id: 'req-ctx' });
    const logged = lines.filter((l) => l.message === 'procedure failed');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', path: 'broken', type: 'query', err: { message: 'relation "tenant_x" does not exist' } });
  });

  it('takes the request id from the request context when the failure came before ctx was built', async () => {
    const { call } = harness();
    const inContext = await runWithContext({ trace_id: 't-1', request_id: 'req-als' }, () => call('limit', {}, false));
    expect(inContext.status).toBe(401);
    expect(inContext.error.data).toMatchObject({ error_code: 'UNAUTHENTICATED', request_id: 'req-als' });
    const outside = await call('limit', {}, false);
    expect(outside.error.data.request_id).toBeNull();
  });

  it('answers an unknown procedure as NOT_FOUND', async () => {
    const { call } = harness();
    const { status, error } = await call('nope');
    expect(status).toBe(404);
    expect(error.data).toMatchObject({ error_code: 'NOT_FOUND', httpStatus: 404 });
  });
});

describe('every 503 carries Retry-After', () => {
  it('a SERVICE_UNAVAILABLE thrown as a plain TRPCError becomes an AppError with Retry-After, its message kept', async () => {
    const router = createTRPCRouter({
      plain: baseProcedure.query(() => {
        throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The router did not answer.' });
      }),
      thrown: baseProcedure.query(() => {
        throw new AppError('SERVICE_UNAVAILABLE', { message: 'Midtrans did not answer.' });
      }),
    });
    const logger = createLogger({ service: 'api-test', level: 'silent' });
    const caller = createCallerFactory(router)({ requestId: 'req-503', services: { logger } } as unknown as Context);
    for (const [call, message] of [
      [() => caller.plain(), 'The router did not answer.'],
      [() => caller.thrown(), 'Midtrans did not answer.'],
    ] as const) {
      const cause = await call().then(
        () => null,
        (err: TRPCError) => err.cause,
      );
      expect(cause).toBeInstanceOf(AppError);
      expect((cause as AppError).code).toBe('SERVICE_UNAVAILABLE');
      expect((cause as AppError).message).toBe(message);
      expect((cause as AppError).headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
    }
  });
});
