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
    .meta({ lane: 'sign_in', errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED'], openapi: { method: 'POST', path: '/auth/login', tags: ['auth'], summary: 'Sign in with e-mail and password', description: 'Returns an access token and a refresh token for the user\'s ISP (`tenant_slug` picks one when the user belongs to several). Failed attempts are limited per account and per IP: past the limit the answer is 429 with Retry-After. A suspended ISP or a user without one is 403.' } })
    .input(loginInput)
    .output(tokenPairSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.login(input, clientInfo(ctx))),

  refresh: publicProcedure
    .meta({ errors: ['UNAUTHENTICATED'], openapi: { method: 'POST', path: '/auth/refresh', tags: ['auth'], summary: 'Rotate a refresh token for new tokens', description: 'Exchanges a refresh token for a new pair; the old refresh token stops working. Presenting an already-rotated token revokes the whole session family (token theft), as does a different client fingerprint; both answer 401.' } })
    .input(refreshInput)
    .output(tokenPairSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.refresh(input.refresh_token, clientInfo(ctx))),

  logout: authedProcedure
    .meta({ errors: ['FORBIDDEN'], openapi: { method: 'POST', path: '/auth/logout', tags: ['auth'], summary: 'End this session', description: 'Revokes the session of the access token used for the call. API keys have no session (403).' } })
    .input(z.strictObject({}).optional())
    .output(okSchema)
    .mutation(async ({ ctx }) => {
      await ctx.services.auth.logout(ctx.principal, clientInfo(ctx));
      return { ok: true as const };
    }),

  logoutEverywhere: authedProcedure
    .meta({ errors: ['FORBIDDEN'], openapi: { method: 'POST', path: '/auth/logout-everywhere', tags: ['auth'], summary: 'End all of my sessions', description: 'Revokes every session of the signed-in user on every device and returns how many were ended. Not for API keys (403).' } })
    .input(z.strictObject({}).optional())
    .output(z.object({ revoked: z.number().int() }))
    .mutation(async ({ ctx }) => ({ revoked: await ctx.services.auth.logoutEverywhere(ctx.principal, clientInfo(ctx)) })),

  sessions: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/sessions', tags: ['auth'], summary: 'List my active sessions', description: 'The signed-in user\'s sessions that are not revoked or expired: device (user agent), IP, ISP, when started and last used.' } })
    .input(z.strictObject({}).optional())
    .output(z.array(sessionSchema))
    .query(({ ctx }) => ctx.services.auth.listSessions(ctx.principal)),

  revokeSession: authedProcedure
    .meta({ errors: ['FORBIDDEN'], openapi: { method: 'DELETE', path: '/auth/sessions/{session_id}', tags: ['auth'], summary: 'End one of my sessions', description: 'Revokes one of the signed-in user\'s own sessions, e.g. a lost phone. Another user\'s session id is 404.' } })
    .input(revokeSessionInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.revokeSession(ctx.principal, input.session_id, clientInfo(ctx));
      return { ok: true as const };
    }),

  switchTenant: authedProcedure
    .meta({ errors: ['FORBIDDEN'], openapi: { method: 'POST', path: '/auth/switch-tenant', tags: ['auth'], summary: 'Work in another ISP (new tokens)', description: 'Issues a new token pair for another ISP the user is an active member of; the current session is replaced. API keys cannot switch (403).' } })
    .input(switchTenantInput)
    .output(tokenPairSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.switchTenant(ctx.principal, input.tenant_id, clientInfo(ctx))),

  me: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/me', tags: ['auth'], summary: 'Who am I, where, allowed to do what', description: 'The signed-in user or API key: identity, the current ISP, the role and its permissions, the ISPs the user belongs to, and how the call was authenticated (session or API key).' } })
    .input(z.strictObject({}).optional())
    .output(meSchema)
    .query(({ ctx }) => ctx.services.auth.profile(ctx.principal, ctx.requestId)),
});
