/**
 * saas: an ISP signing itself up (challenge, slug check, form, WhatsApp code), its first-run checklist, and the
 * notification URL of RRNet's own Midtrans account (ISPs paying SaaS invoices; REST under /platform/webhooks, public).
 */
import { z } from 'zod';
import {
  AppError,
  onboardingSchema,
  powChallengeSchema,
  serverMessage,
  signupResendInput,
  signupStartInput,
  signupStartSchema,
  signupVerifyInput,
  signupVerifySchema,
  slugCheckInput,
  slugCheckSchema,
} from '@rrnet/contracts';
import { onboardingChecklist } from '@rrnet/core/saas/onboarding';
import { receivePlatformMidtransNotification } from '@rrnet/core/saas/saas_payments';
import { checkSlug, powChallenge, resendSignup, startSignup, verifySignup } from '@rrnet/core/saas/signup';
import type { SignupDeps } from '@rrnet/core/saas/signup';
import type { Context } from '../context';
import { clientInfo } from '../context';
import { enforceSignupLimit, rejectedNotificationLimit } from '../middleware/rate_limit';
import { createTRPCRouter, publicProcedure, tenantProcedure } from '../procedures';
import { toTrpcError } from '../trpc';

const tags = ['saas'];

/** Sign-up's services, or 503 when this deployment has sign-up off. */
function signupDeps(ctx: Context): SignupDeps {
  const s = ctx.services.signup;
  if (!s) throw toTrpcError(new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('signup_unavailable'), details: { reason: 'signup_off' } }));
  return { ...s, systemSql: ctx.services.systemSql, redis: ctx.services.redis, logger: ctx.services.logger };
}

async function limited(ctx: Context, action: 'start' | 'resend' | 'verify'): Promise<void> {
  try {
    await enforceSignupLimit(ctx, action);
  } catch (err) {
    if (err instanceof AppError) throw toTrpcError(err);
    throw err;
  }
}

/** What RRNet reads from Midtrans's HTTP notification (the rest is kept as it came). */
const midtransNotificationInput = z.looseObject({
  transaction_id: z.string().optional(),
  order_id: z.string().optional(),
  status_code: z.string().optional(),
  gross_amount: z.string().optional(),
  signature_key: z.string().optional(),
  transaction_status: z.string().optional(),
  fraud_status: z.string().optional(),
  currency: z.string().optional(),
  payment_type: z.string().optional(),
  transaction_time: z.string().optional(),
});
const notificationOutcomes = z.object({ applied: z.number().int(), ignored: z.number().int(), rejected: z.number().int() });

export const saasRouter = createTRPCRouter({
  webhooks: createTRPCRouter({
    midtrans: publicProcedure
      .meta({
        errors: ['FORBIDDEN', 'RATE_LIMITED'],
        openapi: {
          method: 'POST',
          path: '/platform/webhooks/midtrans',
          tags: ['platform'],
          summary: 'Midtrans notifications for SaaS invoices',
          description:
            'The Payment Notification URL of RRNet\'s own Midtrans account (ISPs paying SaaS invoices). No session: the notification proves itself with `signature_key` = SHA512(order_id + status_code + gross_amount + server key). Every notification is recorded first; a trusted one is applied once per transaction — a settlement of exactly the invoice\'s total pays it (restoring a past-due ISP at once); a duplicate is ignored, an amount or currency that does not match is recorded as rejected. A bad signature is 403 (recorded); past 1000 rejected notifications in an hour from one address, 429.',
        },
      })
      .input(midtransNotificationInput)
      .output(z.object({ status: z.literal('accepted'), notification_id: z.string().uuid(), processed: notificationOutcomes }))
      .mutation(async ({ ctx, input }) => {
        const limit = rejectedNotificationLimit(ctx.services, 'midtrans', 'platform', ctx.ip);
        await limit.check();
        const result = await receivePlatformMidtransNotification({ systemSql: ctx.services.systemSql, redis: ctx.services.redis }, ctx.services.platformMidtrans?.serverKey ?? null, input, ctx.requestId);
        if (result.status === 'rejected') {
          await limit.reject();
          ctx.services.logger.warn({ notification_id: result.notification_id, reason: result.reason }, 'platform payment notification rejected');
          throw new AppError(result.error_code ?? 'VALIDATION_FAILED', { message: serverMessage('callback_not_accepted', { call: 'Notification', reason: String(result.reason) }), details: { notification_id: result.notification_id } });
        }
        return { status: 'accepted' as const, notification_id: result.notification_id, processed: result.processed ?? { applied: 0, ignored: 0, rejected: 0 } };
      }),
  }),

  signup: createTRPCRouter({
    challenge: publicProcedure
      .meta({ errors: ['SERVICE_UNAVAILABLE'], openapi: { method: 'GET', path: '/saas/signup/challenge', tags, summary: 'A proof-of-work challenge for signing up', description: 'A server-signed challenge: find a nonce so that sha256(challenge + nonce) starts with `difficulty` zero bits, and send it with the sign-up form before `expires_at`. Each solved challenge is accepted once.' } })
      .input(z.strictObject({}).optional())
      .output(powChallengeSchema)
      .query(({ ctx }) => powChallenge(signupDeps(ctx))),

    slug: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/saas/signup/slug', tags, summary: 'Is this ISP address free?', description: 'Checks a proposed ISP address (slug) as the sign-up form types it: `invalid` (3–40 lower-case letters, digits and dashes), `reserved` (kept by RRNet), `taken`, or `available`.' } })
      .input(slugCheckInput)
      .output(slugCheckSchema)
      .query(({ ctx, input }) => checkSlug(ctx.services.systemSql, input.slug)),

    start: publicProcedure
      .meta({ lane: 'sign_in', errors: ['CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'], openapi: { method: 'POST', path: '/saas/signups', tags, summary: 'Sign up an ISP (sends a one-time code)', description: 'Takes the ISP name, its address (slug), the owner\'s name, e-mail, WhatsApp number and password, and a solved proof-of-work challenge; sends a 6-digit code (valid 10 minutes, 5 attempts) by `channel`: WhatsApp to the owner\'s number (the default) or e-mail to the owner\'s address — e-mail only where the platform sends e-mail (the answer\'s `channels`; otherwise 400 with `details.channel: unavailable`). A taken slug or an e-mail that already has an account is 409. At most 5 codes per number or address an hour (429 `destination_limit`). When the code cannot be sent the answer is 503 with `details.reason` (`whatsapp_failed`, `email_failed`) and `details.signup_id`: the sign-up is kept, ask for the code again with resend. Limited per IP (429 with Retry-After).' } })
      .input(signupStartInput)
      .output(signupStartSchema)
      .mutation(async ({ ctx, input }) => {
        await limited(ctx, 'start');
        return startSignup(signupDeps(ctx), input, clientInfo(ctx));
      }),

    resend: publicProcedure
      .meta({ errors: ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'], openapi: { method: 'POST', path: '/saas/signups/{signup_id}/resend', tags, summary: 'Send a sign-up\'s code again', description: 'Sends a new 6-digit code for a pending sign-up (the previous code stops working), by `channel` (omitted: the last code\'s). Wrong codes keep counting across codes. Refused: a completed sign-up 409; locked by wrong codes, asked again within 30 seconds (`too_soon`), a 5th code for one sign-up (`resend_limit`) or a 6th to one number or address in an hour (`destination_limit`) 429 with Retry-After; past an hour since it started 400 `expired`; a channel the platform cannot send by 400. A failed send is 503 and can be tried again at once. Limited per IP.' } })
      .input(signupResendInput)
      .output(signupStartSchema)
      .mutation(async ({ ctx, input }) => {
        await limited(ctx, 'resend');
        return resendSignup(signupDeps(ctx), input, clientInfo(ctx));
      }),

    verify: publicProcedure
      .meta({ errors: ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'], openapi: { method: 'POST', path: '/saas/signups/{signup_id}/verify', tags, summary: 'Confirm a sign-up with its WhatsApp code', description: 'Checks the code: a wrong one counts against the 5 attempts (400 with `attempts_left`), an expired one is 400, a used one 409, too many wrong ones 429. The right one creates the ISP with its owner on a trial of the entry plan and returns the owner\'s tokens.' } })
      .input(signupVerifyInput)
      .output(signupVerifySchema)
      .mutation(async ({ ctx, input }) => {
        await limited(ctx, 'verify');
        const done = await verifySignup(signupDeps(ctx), input, clientInfo(ctx));
        const tokens = await ctx.services.auth.signInNewOwner(done.user_id, done.tenant_id, clientInfo(ctx));
        return { tenant_id: done.tenant_id, slug: done.slug, plan_code: done.plan_code, trial_ends_on: done.trial_ends_on, tokens };
      }),
  }),

  onboarding: tenantProcedure
    .meta({ permission: 'admin.settings.read', openapi: { method: 'GET', path: '/saas/onboarding', tags, summary: 'The ISP\'s first-run checklist', description: 'The steps a new ISP goes through — billing settings, first service plan, first router, customers, WhatsApp gateway, payment gateway — each with whether it is done (computed from the ISP\'s data) and the page where it is done.' } })
    .input(z.strictObject({}).optional())
    .output(onboardingSchema)
    .query(({ ctx }) => onboardingChecklist(ctx.tx, ctx.tenant.tenant_id)),
});
