'use client';
/**
 * The portal's sign-in, phone first: the customer code or phone number → a code by
 * WhatsApp → the 6 digits. Signed in, the page re-renders on the server as the home.
 */
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { z } from 'zod';
import type { PortalBrand, PortalChallenge } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { Form, FormField, InputField, useServerErrors } from '@rrnet/ui/Form';
import { Input } from '@rrnet/ui/Input';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { FormErrorNotice } from './ErrorNotice';
import { PortalBrandHeader } from './PortalBrandHeader';

const identifierForm = z.object({ identifier: z.string().trim().min(3).max(40) });
const codeForm = z.object({ code: z.string().trim().regex(/^\d{6}$/) });

function CodeStep({ slug, challenge, onRestart }: { slug: string; challenge: PortalChallenge; onRestart: () => void }) {
  const t = useTranslations('portal.sign_in');
  const trpc = useTRPC();
  const router = useRouter();
  const form = useZodForm(codeForm, { defaultValues: { code: '' } });
  const verify = useMutation(trpc.portal.verifyCode.mutationOptions({ onSuccess: () => router.refresh() }));
  const unclaimed = useServerErrors(form, fieldErrorsOf(verify.error));
  return (
    <>
      <CardHeader className="gap-2 px-5">
        <CardTitle>{t('code_title')}</CardTitle>
        <CardDescription>{t('code_subtitle', { minutes: Math.round(challenge.expires_in_seconds / 60) })}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 px-5">
        {verify.error && <FormErrorNotice error={verify.error} unclaimed={unclaimed} />}
        <Form form={form} onSubmit={(v) => verify.mutate({ slug, challenge_id: challenge.challenge_id, code: v.code })}>
          <FormField name="code" label={t('code')}>
            {(field) => (
              <Input {...field} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus className="text-center text-2xl tracking-[0.5em]" data-testid="portal-code" />
            )}
          </FormField>
          <Button type="submit" size="lg" wide disabled={verify.isPending || verify.isSuccess} data-testid="portal-verify">
            {verify.isPending ? t('verifying') : t('verify')}
          </Button>
        </Form>
        <Button variant="link" onClick={onRestart}>
          {t('other')}
        </Button>
      </CardContent>
    </>
  );
}

export function PortalSignInView({ brand }: { brand: PortalBrand }) {
  const t = useTranslations('portal');
  const trpc = useTRPC();
  const [challenge, setChallenge] = useState<PortalChallenge | null>(null);
  const form = useZodForm(identifierForm, { defaultValues: { identifier: '' } });
  const request = useMutation(trpc.portal.requestCode.mutationOptions({ onSuccess: setChallenge }));
  const unclaimed = useServerErrors(form, fieldErrorsOf(request.error));
  return (
    <div className="min-h-dvh bg-background">
      <PortalBrandHeader brand={brand} />
      <main className="mx-auto grid w-full max-w-md gap-4 px-4 py-6">
        <p className="m-0 text-center text-sm text-muted-foreground">{t('tagline')}</p>
        <Card className="gap-4 py-5 shadow-md" data-testid="portal-sign-in">
          {challenge ? (
            <CodeStep slug={brand.slug} challenge={challenge} onRestart={() => setChallenge(null)} />
          ) : (
            <>
              <CardHeader className="gap-2 px-5">
                <CardTitle>{t('sign_in.title')}</CardTitle>
                <CardDescription>{t('sign_in.subtitle')}</CardDescription>
              </CardHeader>
              <CardContent className="grid gap-4 px-5">
                {request.error && <FormErrorNotice error={request.error} unclaimed={unclaimed} />}
                <Form form={form} onSubmit={(v) => request.mutate({ slug: brand.slug, identifier: v.identifier })}>
                  <InputField name="identifier" label={t('sign_in.identifier')} description={t('sign_in.identifier_hint')} autoComplete="username" inputMode="text" autoFocus data-testid="portal-identifier" />
                  <Button type="submit" size="lg" wide disabled={request.isPending} data-testid="portal-send-code">
                    {request.isPending ? t('sign_in.sending') : t('sign_in.send')}
                  </Button>
                </Form>
              </CardContent>
            </>
          )}
        </Card>
        {brand.phone && <p className="m-0 text-center text-sm text-muted-foreground">{brand.phone}</p>}
      </main>
    </div>
  );
}
