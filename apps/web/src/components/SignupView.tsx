'use client';
/**
 * The public sign-up (issue #17): the ISP's name and address (checked live), the owner's
 * name, e-mail, WhatsApp number and password; the browser solves the server's proof of work
 * (lib/proof_of_work.ts), the server sends a 6-digit code by WhatsApp — or by e-mail, where the
 * platform sends e-mail and the owner chooses it — and the right code creates the ISP on a
 * trial; then the owner is signed in with the password just typed. The code page says where
 * the code went and offers another (by the same or the other channel) within the limits.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, CircleAlert, Loader2, Mail, MessageCircle } from 'lucide-react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { SIGNUP_CHANNELS, SIGNUP_SLUG_PATTERN, signupStartInput, zodIssuesToDetails } from '@rrnet/contracts';
import type { SignupChannel, SignupStart } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Field, FieldDescription, FieldError, FieldGroup, FieldLabel } from '@rrnet/ui/Field';
import { Input } from '@rrnet/ui/Input';
import { signInAction } from '~/app/login/actions';
import { useDebouncedValue } from '~/hooks/useDebouncedValue';
import { errorCodeOf, fieldErrorsOf } from '~/hooks/useTrpcError';
import { slugFromName, solveProofOfWork } from '~/lib/proof_of_work';
import { useTRPC } from '~/trpc/TrpcProvider';
import { AuthCard } from './AuthCard';
import '~/lib/zod_browser'; // it checks with zod before sending
import { DoneNotice } from './DoneNotice';

const FIELDS = ['isp_name', 'slug', 'owner_name', 'email', 'phone', 'password'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;
const EMPTY: Values = { isp_name: '', slug: '', owner_name: '', email: '', phone: '', password: '' };
const INPUT: Record<FieldName, { type: string; autoComplete: string; inputMode?: 'tel' | 'email' }> = {
  isp_name: { type: 'text', autoComplete: 'organization' },
  slug: { type: 'text', autoComplete: 'off' },
  owner_name: { type: 'text', autoComplete: 'name' },
  email: { type: 'email', autoComplete: 'email', inputMode: 'email' },
  phone: { type: 'tel', autoComplete: 'tel', inputMode: 'tel' },
  password: { type: 'password', autoComplete: 'new-password' },
};

type ErrorKey =
  | 'pow'
  | 'wrong'
  | 'expired'
  | 'locked'
  | 'used'
  | 'slug_taken'
  | 'email_taken'
  | 'rate_limited'
  | 'too_soon'
  | 'resend_limit'
  | 'destination_limit'
  | 'send_failed_email'
  | 'send_failed_whatsapp'
  | 'channel_unavailable'
  | 'unavailable'
  | 'sign_in'
  | 'unknown';

interface Refusal {
  key: ErrorKey;
  left?: number;
  seconds?: number;
}

/** Where the code went (or, after a failed send, was to go), and when another may be asked for. */
interface CodeState {
  signup_id: string;
  channel: SignupChannel;
  /** null: the code could not be sent */
  sent_to: string | null;
  channels: SignupChannel[];
  /** this browser's clock: when another code may be asked for, and that wait in seconds */
  resend_at: number;
  wait: number;
  resends_left: number | null;
}

const codeStateOf = (s: SignupStart): CodeState => ({
  signup_id: s.signup_id,
  channel: s.channel,
  sent_to: s.sent_to,
  channels: s.channels,
  resend_at: Date.now() + s.resend_after_seconds * 1000,
  wait: s.resend_after_seconds,
  resends_left: s.resends_left,
});

/** The page's words for a refusal of `start`, `resend` or `verify`. */
function refusalOf(error: unknown): Refusal {
  const code = errorCodeOf(error);
  const details = fieldErrorsOf(error);
  if (details.pow) return { key: 'pow' };
  if (details.reason === 'email_failed') return { key: 'send_failed_email' };
  if (details.reason === 'whatsapp_failed') return { key: 'send_failed_whatsapp' };
  if (details.channel === 'unavailable') return { key: 'channel_unavailable' };
  if (details.code === 'too_soon') return { key: 'too_soon', seconds: Number(details.retry_after_seconds ?? 30) };
  if (details.code === 'resend_limit' || details.code === 'destination_limit') return { key: details.code };
  if (details.code === 'wrong') return { key: 'wrong', left: Number(details.attempts_left ?? 0) };
  if (details.code === 'expired' || details.code === 'locked' || details.code === 'used') return { key: details.code };
  if (code === 'CONFLICT' && details.slug) return { key: 'slug_taken' };
  if (code === 'CONFLICT' && details.email) return { key: 'email_taken' };
  if (code === 'RATE_LIMITED') return { key: 'rate_limited' };
  if (code === 'SERVICE_UNAVAILABLE') return { key: 'unavailable' };
  return { key: 'unknown' };
}

function SlugState({ slug }: { slug: string }) {
  const t = useTranslations('signup.slug_state');
  const trpc = useTRPC();
  const debounced = useDebouncedValue(slug, 350);
  const wellFormed = SIGNUP_SLUG_PATTERN.test(debounced);
  const check = useQuery({ ...trpc.saas.signup.slug.queryOptions({ slug: debounced }), enabled: wellFormed, staleTime: 10_000 });
  if (!slug) return null;
  const reason = !SIGNUP_SLUG_PATTERN.test(slug) ? 'invalid' : debounced !== slug || check.isFetching || !check.data ? 'checking' : check.data.reason;
  const ok = reason === 'available';
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium ${ok ? 'text-success' : reason === 'checking' ? 'text-muted-foreground' : 'text-destructive'}`} data-testid="slug-state" data-state={reason}>
      {reason === 'checking' ? <Loader2 className="size-3.5 animate-spin" aria-hidden /> : ok ? <CheckCircle2 className="size-3.5" aria-hidden /> : <CircleAlert className="size-3.5" aria-hidden />}
      {t(reason)}
    </span>
  );
}

/** Seconds until `at` (0 once passed), read each second while there is an `at`. */
function useSecondsUntil(at: number | null, wait: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [at]);
  // until the first tick `now` may be older than `at`'s base: never show more than the wait
  return at === null ? 0 : Math.max(0, Math.min(Math.ceil((at - now) / 1000), wait));
}

export function SignupView({ trialDays, emailCodes }: { trialDays: number; emailCodes: boolean }) {
  const t = useTranslations('signup');
  const locale = useLocale() === 'en' ? 'en' : 'id';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(EMPTY);
  const [slugTouched, setSlugTouched] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName, boolean>>>({});
  const [phase, setPhase] = useState<'form' | 'working' | 'code' | 'signing_in'>('form');
  const [channel, setChannel] = useState<SignupChannel>('whatsapp');
  const [started, setStarted] = useState<CodeState | null>(null);
  const [code, setCode] = useState('');
  const [codeInvalid, setCodeInvalid] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [resent, setResent] = useState(false);

  const start = useMutation(trpc.saas.signup.start.mutationOptions());
  const resend = useMutation(trpc.saas.signup.resend.mutationOptions());
  const verify = useMutation(trpc.saas.signup.verify.mutationOptions());
  const waitSeconds = useSecondsUntil(phase === 'code' && started ? started.resend_at : null, started?.wait ?? 0);

  const set = (k: FieldName) => (e: { target: { value: string } }) => {
    const next = { ...values, [k]: e.target.value };
    if (k === 'isp_name' && !slugTouched) next.slug = slugFromName(e.target.value);
    if (k === 'slug') {
      setSlugTouched(true);
      next.slug = e.target.value.toLowerCase();
    }
    setValues(next);
  };

  async function submitForm(by: SignupChannel) {
    setRefusal(null);
    setChannel(by);
    const parsed = signupStartInput.omit({ pow: true }).safeParse({ ...values, locale, channel: by });
    if (!parsed.success) {
      const details = zodIssuesToDetails(parsed.error.issues);
      return setErrors(Object.fromEntries(FIELDS.map((f) => [f, Boolean(details[f])])));
    }
    setErrors({});
    setPhase('working');
    try {
      const challenge = await queryClient.fetchQuery({ ...trpc.saas.signup.challenge.queryOptions(), staleTime: 0 });
      const nonce = await solveProofOfWork(challenge.challenge, challenge.difficulty);
      const answer = await start.mutateAsync({ ...parsed.data, pow: { challenge: challenge.challenge, signature: challenge.signature, nonce } });
      setStarted(codeStateOf(answer));
      setResent(false);
      setPhase('code');
    } catch (err) {
      const r = refusalOf(err);
      setRefusal(r);
      const kept = fieldErrorsOf(err).signup_id;
      if (kept && (r.key === 'send_failed_email' || r.key === 'send_failed_whatsapp')) {
        // the sign-up is kept: the code page asks for the code again
        setStarted({ signup_id: kept, channel: parsed.data.channel, sent_to: null, channels: emailCodes ? ['whatsapp', 'email'] : ['whatsapp'], resend_at: 0, wait: 0, resends_left: null });
        setResent(false);
        return setPhase('code');
      }
      if (r.key === 'slug_taken') setErrors({ slug: true });
      if (r.key === 'email_taken') setErrors({ email: true });
      setPhase('form');
    }
  }

  async function sendAgain(by: SignupChannel) {
    if (!started) return;
    setRefusal(null);
    setResent(false);
    try {
      const answer = await resend.mutateAsync({ signup_id: started.signup_id, channel: by });
      setStarted(codeStateOf(answer));
      setCode('');
      setResent(true);
    } catch (err) {
      const r = refusalOf(err);
      setRefusal(r);
      if (r.key === 'too_soon' && r.seconds) setStarted({ ...started, resend_at: Date.now() + r.seconds * 1000, wait: r.seconds });
      if (r.key === 'resend_limit') setStarted({ ...started, resends_left: 0 });
    }
  }

  async function submitCode() {
    if (!started) return;
    setRefusal(null);
    if (!/^\d{6}$/.test(code)) return setCodeInvalid(true);
    setCodeInvalid(false);
    try {
      await verify.mutateAsync({ signup_id: started.signup_id, code });
    } catch (err) {
      return setRefusal(refusalOf(err));
    }
    setPhase('signing_in');
    const form = new FormData();
    form.set('email', values.email.trim().toLowerCase());
    form.set('password', values.password);
    // success redirects to the dashboard (a server action's redirect); a refusal comes back as state
    const result = await signInAction({ error: null, email: values.email }, form).catch(() => null);
    if (result?.error) setRefusal({ key: 'sign_in' });
  }

  const restart = refusal && ['expired', 'locked', 'used'].includes(refusal.key);
  const codeChannel = started?.channel ?? channel;
  const otherChannel: SignupChannel = codeChannel === 'email' ? 'whatsapp' : 'email';
  const canResend = !!started && !restart && started.resends_left !== 0;
  return (
    <AuthCard
      wide
      title={phase === 'code' ? t(`code_title_${codeChannel}`) : t('title')}
      descriptionTestId="signup-sent-to"
      description={
        phase === 'code' && started
          ? started.sent_to
            ? t(`code_sent_${started.channel}`, { to: started.sent_to })
            : t('code_not_sent')
          : t('subtitle', { days: trialDays })
      }
    >
        {refusal && (
          <Alert tone="danger" role="alert" data-testid="signup-error">
            {t(`error.${refusal.key}`, { left: refusal.left ?? 0, seconds: refusal.seconds ?? 0 })}
          </Alert>
        )}
        {resent && !refusal && phase === 'code' && started?.sent_to && (
          <DoneNotice data-testid="signup-resent">
            {t('resend.done', { to: started.sent_to })}
          </DoneNotice>
        )}
        {phase === 'signing_in' && !refusal && <DoneNotice data-testid="signup-done">{t('signing_in')}</DoneNotice>}
        {(phase === 'form' || phase === 'working') && (
          <form
            className="grid gap-4"
            noValidate
            data-testid="signup-form"
            onSubmit={(e) => {
              e.preventDefault();
              const submitter = (e.nativeEvent as SubmitEvent).submitter;
              void submitForm(emailCodes && submitter instanceof HTMLButtonElement && submitter.value === 'email' ? 'email' : 'whatsapp');
            }}
          >
            <FieldGroup cols={2}>
              {FIELDS.map((k) => (
                <Field key={k} invalid={!!errors[k]} className={k === 'isp_name' || k === 'slug' ? '@md:col-span-2' : undefined}>
                  <FieldLabel htmlFor={`signup-${k}`}>{t(`field.${k}`)}</FieldLabel>
                  <Input
                    id={`signup-${k}`}
                    name={k}
                    type={INPUT[k].type}
                    autoComplete={INPUT[k].autoComplete}
                    inputMode={INPUT[k].inputMode}
                    value={values[k]}
                    onChange={set(k)}
                    disabled={phase === 'working'}
                    aria-invalid={!!errors[k] || undefined}
                  />
                  {k === 'slug' && <SlugState slug={values.slug} />}
                  {errors[k] ? (
                    <FieldError>{t(`field_error.${k}`)}</FieldError>
                  ) : (
                    (k === 'slug' || k === 'phone' || k === 'password') && (
                      <FieldDescription>
                        {k === 'slug' ? t('hint.slug', { slug: values.slug || 'isp' }) : k === 'phone' && emailCodes ? t('hint.phone_choice') : t(`hint.${k}`)}
                      </FieldDescription>
                    )
                  )}
                </Field>
              ))}
            </FieldGroup>
            {/* the owner chooses where the code goes by the button they press (Enter: WhatsApp) */}
            <div className={emailCodes ? 'grid gap-2 sm:grid-cols-2' : 'grid'}>
              {(emailCodes ? SIGNUP_CHANNELS : SIGNUP_CHANNELS.slice(0, 1)).map((c) => (
                <Button
                  key={c}
                  type="submit"
                  name="channel"
                  value={c}
                  size="lg"
                  variant={c === 'whatsapp' ? 'default' : 'secondary'}
                  className="w-full"
                  disabled={phase === 'working'}
                  aria-busy={phase === 'working' && channel === c}
                  data-testid={c === 'whatsapp' ? 'signup-submit' : 'signup-submit-email'}
                >
                  {phase === 'working' && channel === c ? (
                    <>
                      <Loader2 className="size-4 animate-spin" aria-hidden /> {start.isPending ? t('sending') : t('working')}
                    </>
                  ) : (
                    <>
                      {c === 'email' ? <Mail aria-hidden /> : <MessageCircle aria-hidden />}
                      {t(c === 'email' ? 'submit_email' : 'submit')}
                    </>
                  )}
                </Button>
              ))}
            </div>
            {emailCodes && <p className="m-0 -mt-2 text-center text-xs text-muted-foreground">{t('channel_hint')}</p>}
            <p className="m-0 text-center text-sm text-muted-foreground">
              {t('have_account')} <Link href="/login">{t('sign_in')}</Link>
            </p>
          </form>
        )}
        {phase === 'code' && (
          <form
            className="grid gap-4"
            noValidate
            data-testid="signup-code-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submitCode();
            }}
          >
            <Field invalid={codeInvalid}>
              <FieldLabel htmlFor="signup-code">{t('code')}</FieldLabel>
              <Input
                id="signup-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                className="max-w-48 text-center text-lg tracking-[0.4em] tabular-nums"
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                autoFocus
              />
              {codeInvalid && <FieldError>{t('field_error.code')}</FieldError>}
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" size="lg" disabled={verify.isPending || !!restart} data-testid="signup-verify">
                {verify.isPending ? t('verifying') : t('verify')}
              </Button>
              <Button
                type="button"
                variant="secondary"
                size="lg"
                onClick={() => {
                  setPhase('form');
                  setStarted(null);
                  setCode('');
                  setRefusal(null);
                  setResent(false);
                }}
              >
                {t('start_over')}
              </Button>
            </div>
          </form>
        )}
        {phase === 'code' && canResend && (
          <div className="grid gap-2 border-t border-border pt-4" data-testid="signup-resend">
            <p className="m-0 text-sm text-muted-foreground">{started.sent_to ? t('resend.prompt') : t('resend.prompt_failed')}</p>
            <div className="flex flex-wrap gap-2">
              <Button
                type="button"
                variant="secondary"
                size="sm"
                disabled={resend.isPending || waitSeconds > 0}
                onClick={() => void sendAgain(codeChannel)}
                data-testid="signup-resend-same"
              >
                {resend.isPending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : codeChannel === 'email' ? <Mail aria-hidden /> : <MessageCircle aria-hidden />}
                {waitSeconds > 0 ? t('resend.wait', { seconds: waitSeconds }) : t(`resend.by_${codeChannel}`)}
              </Button>
              {started.channels.includes(otherChannel) && (
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  disabled={resend.isPending || waitSeconds > 0}
                  onClick={() => void sendAgain(otherChannel)}
                  data-testid="signup-resend-other"
                >
                  {otherChannel === 'email' ? <Mail aria-hidden /> : <MessageCircle aria-hidden />}
                  {t(`resend.instead_${otherChannel}`)}
                </Button>
              )}
            </div>
          </div>
        )}
    </AuthCard>
  );
}
