'use client';
/**
 * The dashboard's first-run checklist for a new ISP (`saas.onboarding`): each step links to
 * its page and is ticked from the ISP's data (core/saas/onboarding.ts), so it ticks itself.
 * The router step shows the RouterOS commands that make a router reachable. Hidden once
 * every step is done.
 */
import { useQuery } from '@tanstack/react-query';
import { CheckCircle2, Circle } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CopyButton } from './CopyButton';

/** RouterOS v7: the REST API (www-ssl) and a user of its own for RRNet (`password`: a placeholder in the reader's language). */
function routerOsCommands(password: string): string {
  return [
    '/certificate add name=rrnet-api common-name=rrnet-api days-valid=3650',
    '/certificate sign rrnet-api',
    '/ip service set www-ssl certificate=rrnet-api disabled=no',
    '/user group add name=rrnet policy=read,write,api,rest-api,policy,test,sensitive',
    `/user add name=rrnet group=rrnet password=${password}`,
  ].join('\n');
}

export function OnboardingChecklist() {
  const t = useTranslations('signup.checklist');
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.saas.onboarding.queryOptions(), retry: retryUnlessRefused });
  if (!list.data || list.data.complete) return null;
  const { steps, done, total } = list.data;
  const commands = routerOsCommands(t('routeros_password'));
  return (
    <Card aria-labelledby="onboarding-title" data-testid="onboarding">
      <CardHeader>
        <CardTitle id="onboarding-title">{t('title')}</CardTitle>
        <CardDescription>{t('subtitle', { done, total })}</CardDescription>
        <div className="h-2 overflow-hidden rounded-full bg-muted" aria-hidden>
          <div className="h-full bg-success" style={{ width: `${Math.round((done / total) * 100)}%` }} />
        </div>
      </CardHeader>
      <CardContent>
        <ol className="m-0 grid list-none gap-2 p-0">
          {steps.map((s) => (
            <li key={s.step} className="grid gap-2 rounded-md border p-3" data-testid={`onboarding-${s.step}`} data-done={s.done}>
              <div className="flex items-start gap-3">
                {s.done ? <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-hidden /> : <Circle className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />}
                <span className={`min-w-0 flex-1 ${s.done ? 'text-muted-foreground line-through' : 'font-medium'}`}>
                  <span className="sr-only">{s.done ? t('done') : t('todo')}: </span>
                  {t(`step.${s.step}`)}
                </span>
                {!s.done && (
                  <Link href={s.href} className="shrink-0 text-sm font-medium" data-testid={`onboarding-link-${s.step}`}>
                    {t('open')}
                  </Link>
                )}
              </div>
              {s.step === 'router' && !s.done && (
                <div className="grid gap-2 pl-8 text-sm">
                  <p className="m-0 text-muted-foreground">{t('routeros_title')}</p>
                  <pre className="m-0 overflow-x-auto rounded-md bg-muted p-3 text-xs leading-relaxed" data-testid="routeros-steps">
                    {commands}
                  </pre>
                  <div className="flex flex-wrap items-center gap-2">
                    <CopyButton value={commands} />
                    <span className="text-xs text-muted-foreground">{t('routeros_note')}</span>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
