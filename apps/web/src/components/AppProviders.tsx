'use client';
/**
 * The client-side providers under the root layout: React Query + tRPC, the UI kit's
 * words, field-message translation and link, toasts, and the language's upkeep.
 */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import type { ReactNode } from 'react';
import { Toaster } from '@rrnet/ui/Toast';
import { UiProvider } from '@rrnet/ui/UiProvider';
import type { UiText } from '@rrnet/ui/UiProvider';
import { translateFieldMessage } from '~/i18n/field_message';
import { TrpcProvider } from '~/trpc/TrpcProvider';
import { LocaleSync } from './LocaleSync';

export function AppProviders({ children }: { children: ReactNode }) {
  const t = useTranslations('common');
  const text = useMemo<UiText>(
    () => ({
      loading: t('loading'),
      loadMore: t('load_more'),
      cancel: t('cancel'),
      close: t('close'),
      sortedAscending: t('sorted_ascending'),
      moreFilters: t('more_filters'),
      fewerFilters: t('fewer_filters'),
      sortedDescending: t('sorted_descending'),
      sortBy: t('sort_by'),
    }),
    [t],
  );
  const tField = useTranslations('field');
  const fieldMessage = useCallback((message: string) => translateFieldMessage(tField, message), [tField]);
  return (
    <TrpcProvider>
      <UiProvider text={text} fieldMessage={fieldMessage} Link={Link}>
        <LocaleSync />
        {children}
        <Toaster />
      </UiProvider>
    </TrpcProvider>
  );
}
