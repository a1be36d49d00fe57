import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@rrnet/contracts';
import { classifyError, toTrpcError } from '../../src/trpc';

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
