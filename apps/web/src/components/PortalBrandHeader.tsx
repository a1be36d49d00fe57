'use client';
/** The portal's header: the ISP's logo (or its initials) and name, the language switch, and sign-out when signed in. */
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { PortalBrand } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { useTRPC } from '~/trpc/TrpcProvider';
import { IspLogo } from './IspLogo';
import { LanguageSwitcher } from './LanguageSwitcher';

export function PortalBrandHeader({ brand, signedIn = false, children }: { brand: PortalBrand; signedIn?: boolean; children?: ReactNode }) {
  const t = useTranslations('portal');
  const trpc = useTRPC();
  const router = useRouter();
  const signOut = useMutation(trpc.portal.signOut.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <header className="bg-sidebar text-white">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="flex min-w-0 items-center gap-3" data-testid="portal-brand">
          <IspLogo name={brand.name} url={brand.logo_url} />
          <div className="grid min-w-0">
            <span className="truncate text-lg font-bold">{brand.name}</span>
            <span className="truncate text-xs text-white/75">{t('title')}</span>
          </div>
        </div>
        <div className="flex items-center gap-2 text-foreground">
          <LanguageSwitcher />
          {signedIn && (
            <Button variant="secondary" size="sm" onClick={() => signOut.mutate()} disabled={signOut.isPending} data-testid="portal-sign-out">
              {t('sign_out')}
            </Button>
          )}
        </div>
      </div>
      {children}
    </header>
  );
}
