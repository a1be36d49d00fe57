/**
 * signup: an ISP signing itself up (issue #17) — the proof-of-work challenge, the live slug
 * check, the form, the one-time code (by WhatsApp, or by e-mail where the platform has an SMTP
 * server), and the new ISP's first-run checklist.
 */
import { z } from 'zod';
import { emailSchema, tokenPairSchema } from './auth';
import { phoneSchema } from './customers';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

/** A slug: lower-case letters, digits and dashes, 3–40 characters, starting and ending with a letter or digit. */
export const SIGNUP_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

/** Addresses the platform keeps for itself (paths, demo and system names). */
export const RESERVED_SLUGS = [
  'admin', 'api', 'app', 'billing', 'demo', 'help', 'login', 'platform', 'portal', 'rrnet', 'signup', 'status', 'support', 'system', 'www',
] as const;

export const signupSlugSchema = text({ min: 3, max: 40 })
  .transform((v) => v.toLowerCase())
  .pipe(z.string().regex(SIGNUP_SLUG_PATTERN, FIELD_MESSAGES.signup_slug));

export const slugCheckInput = z.strictObject({ slug: text({ min: 1, max: 64 }) });
export const SLUG_VERDICTS = ['available', 'invalid', 'reserved', 'taken'] as const;
export const slugCheckSchema = z.object({ slug: z.string(), available: z.boolean(), reason: z.enum(SLUG_VERDICTS) });
export type SlugCheck = z.infer<typeof slugCheckSchema>;

/** The server's proof-of-work challenge: find `nonce` so that sha256(challenge + nonce) starts with `difficulty` zero bits. */
export const powChallengeSchema = z.object({
  challenge: z.string(),
  difficulty: z.number().int(),
  expires_at: z.date(),
  signature: z.string(),
});
export type PowChallenge = z.infer<typeof powChallengeSchema>;

export const powSolutionSchema = z.strictObject({
  challenge: text({ min: 10, max: 200 }),
  signature: text({ min: 10, max: 200 }),
  nonce: text({ min: 1, max: 40 }),
});
export type PowSolution = z.infer<typeof powSolutionSchema>;

export const signupPasswordSchema = z.string().min(10, FIELD_MESSAGES.password_length).max(256);

/** Where a sign-up code goes: the owner's WhatsApp number, or their e-mail (only where the platform sends e-mail). */
export const SIGNUP_CHANNELS = ['whatsapp', 'email'] as const;
export type SignupChannel = (typeof SIGNUP_CHANNELS)[number];

export const signupStartInput = z.strictObject({
  isp_name: text({ min: 3, max: 120 }),
  slug: signupSlugSchema,
  owner_name: text({ min: 2, max: 120 }),
  email: emailSchema,
  phone: phoneSchema,
  password: signupPasswordSchema,
  locale: z.enum(['id', 'en']).default('id'),
  /** where the code is sent; email only where the platform sends e-mail (`channels` of the answer) */
  channel: z.enum(SIGNUP_CHANNELS).default('whatsapp'),
  pow: powSolutionSchema,
});
export type SignupStartInput = z.infer<typeof signupStartInput>;

export const signupStartSchema = z.object({
  signup_id: z.string().uuid(),
  /** the owner's number with all but the last 4 digits hidden */
  phone_hint: z.string(),
  /** where the current code went */
  channel: z.enum(SIGNUP_CHANNELS),
  /** that channel's address, masked: "+62 •••• 7890" or "s•••@example.com" */
  sent_to: z.string(),
  /** the channels this platform can send codes by (a resend may choose another) */
  channels: z.array(z.enum(SIGNUP_CHANNELS)),
  expires_at: z.date(),
  attempts_left: z.number().int(),
  /** another code may be asked for this many seconds from now (relative: immune to the client's clock) */
  resend_after_seconds: z.number().int(),
  /** how many more codes this sign-up may ask for */
  resends_left: z.number().int(),
});
export type SignupStart = z.infer<typeof signupStartSchema>;

export const signupResendInput = z.strictObject({
  signup_id: z.string().uuid(),
  /** omitted: the channel of the last code */
  channel: z.enum(SIGNUP_CHANNELS).optional(),
});

export const signupVerifyInput = z.strictObject({
  signup_id: z.string().uuid(),
  code: z.string().regex(/^\d{6}$/, FIELD_MESSAGES.otp_code),
});

export const signupVerifySchema = z.object({
  tenant_id: z.string().uuid(),
  slug: z.string(),
  plan_code: z.string(),
  trial_ends_on: z.string(),
  tokens: tokenPairSchema,
});
export type SignupVerify = z.infer<typeof signupVerifySchema>;

export const ONBOARDING_STEPS = ['billing_settings', 'service_plan', 'router', 'customers', 'whatsapp', 'payment_gateway'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export const onboardingSchema = z.object({
  steps: z.array(z.object({ step: z.enum(ONBOARDING_STEPS), done: z.boolean(), href: z.string() })),
  done: z.number().int(),
  total: z.number().int(),
  complete: z.boolean(),
});
export type Onboarding = z.infer<typeof onboardingSchema>;
