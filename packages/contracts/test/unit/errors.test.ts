import { describe, expect, it } from 'vitest';
import {
  AppError,
  ERROR_CODES,
  ERROR_HTTP_STATUS,
  envelopeFromError,
  errorEnvelopeSchema,
  successEnvelope,
  successEnvelopeSchema,
  SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
} from '../../src';
import { z } from 'zod';

describe('error codes', () => {
  it('maps every spec §2 code to its HTTP status', () => {
    expect(ERROR_CODES).toHaveLength(10);
    expect(ERROR_HTTP_STATUS).toMatchObject({
      VALIDATION_FAILED: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      RATE_LIMITED: 429,
      INTERNAL_ERROR: 500,
      SERVICE_UNAVAILABLE: 503,
    });
    expect(new AppError('CONFLICT').httpStatus).toBe(409);
  });

  it('recognises AppErrors from another copy of this module', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('rrnet.AppError')]: true, code: 'NOT_FOUND' });
    expect(foreign instanceof AppError).toBe(true);
    expect(new Error('plain') instanceof AppError).toBe(false);
    expect(new AppError('CONFLICT') instanceof AppError).toBe(true);
  });

  it('builds the success envelope with meta', () => {
    const body = successEnvelope({ id: 1 }, 'req-123456');
    expect(successEnvelopeSchema(z.object({ id: z.number() })).parse(body)).toEqual(body);
    expect(body.meta.request_id).toBe('req-123456');
    expect(Date.parse(body.meta.timestamp)).not.toBeNaN();
  });

  it('keeps an AppError code, message and details in the error envelope', () => {
    const err = new AppError('VALIDATION_FAILED', { details: { name: 'Required' } });
    const body = envelopeFromError(err, 'req-1');
    expect(errorEnvelopeSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({
      status: 'error',
      error_code: 'VALIDATION_FAILED',
      details: { name: 'Required' },
      request_id: 'req-1',
    });
  });

  it('never leaks an unexpected error message, stack or SQL', () => {
    const err = new Error('duplicate key value violates unique constraint "tenant_x" SELECT * FROM');
    const body = envelopeFromError(err, 'req-2');
    expect(body.error_code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(body)).not.toMatch(/SELECT|duplicate|stack|at /);
  });
});

describe('SERVICE_UNAVAILABLE says when to come back', () => {
  it('carries Retry-After unless its thrower set one', () => {
    expect(new AppError('SERVICE_UNAVAILABLE').headers).toEqual({ 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) });
    expect(new AppError('SERVICE_UNAVAILABLE', { headers: { 'retry-after': '30', 'X-Other': 'y' } }).headers).toEqual({ 'retry-after': '30', 'X-Other': 'y' });
    expect(new AppError('NOT_FOUND').headers).toBeUndefined();
  });
});
