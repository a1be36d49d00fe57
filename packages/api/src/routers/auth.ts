/** auth: sign-in, token refresh, sign-out, sessions, tenant switch, and who am I. */
import { z } from 'zod';
import {
  loginInput,
  meSchema,
  refreshInput,
  revokeSessionInput,
  sessionSchema,
  switchTenantInput,
  tokenPairSchema,
} from '@rrnet/contracts';
import { clientInfo } from '../context';
import { authedProcedure, createTRPCRouter, publicProcedure } from '../procedures';

const okSchema = z.object({ ok: z.literal(true) });

export const authRouter = createTRPCRouter({
  login: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/login', tags: ['auth'], summary: 'Sign in with e-mail and password' } })
    .input(loginInput)
    .output(tokenPairSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.login(input, clientInfo(ctx))),

  refresh: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/refresh', tags: ['auth'], summary: 'Rotate a refresh token for new tokens' } })
    .input(refreshInput)
    .output(tokenPairSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.refresh(input.refresh_token, clientInfo(ctx))),

  logout: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/logout', tags: ['auth'], summary: 'End this session' } })
    .input(z.strictObject({}).optional())
    .output(okSchema)
    .mutation(async ({ ctx }) => {
      await ctx.services.auth.logout(ctx.principal, clientInfo(ctx));
      return { ok: true as const };
    }),

  logoutEverywhere: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/logout-everywhere', tags: ['auth'], summary: 'End all of my sessions' } })
    .input(z.strictObject({}).optional())
    .output(z.object({ revoked: z.number().int() }))
    .mutation(async ({ ctx }) => ({ revoked: await ctx.services.auth.logoutEverywhere(ctx.principal, clientInfo(ctx)) })),

  sessions: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/sessions', tags: ['auth'], summary: 'My active sessions' } })
    .input(z.strictObject({}).optional())
    .output(z.array(sessionSchema))
    .query(({ ctx }) => ctx.services.auth.listSessions(ctx.principal)),

  revokeSession: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/auth/sessions/{session_id}', tags: ['auth'], summary: 'End one of my sessions' } })
    .input(revokeSessionInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.revokeSession(ctx.principal, input.session_id, clientInfo(ctx));
      return { ok: true as const };
    }),

  switchTenant: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/switch-tenant', tags: ['auth'], summary: 'Work in another ISP (new tokens)' } })
    .input(switchTenantInput)
    .output(tokenPairSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.switchTenant(ctx.principal, input.tenant_id, clientInfo(ctx))),

  me: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/me', tags: ['auth'], summary: 'Who am I, where, allowed to do what' } })
    .input(z.strictObject({}).optional())
    .output(meSchema)
    .query(({ ctx }) => ctx.services.auth.profile(ctx.principal, ctx.requestId)),
});
