'use client';
/**
 * The ISP's logo in its settings (admin.settings.logo): the current one or its initials,
 * a file picker for a PNG, JPEG or WebP of at most 256 KB (checked here for size and
 * type before sending; the server judges the file's first bytes), and removal. A change
 * refreshes the page, so the sidebar shows the new logo at once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { LOGO_CONTENT_TYPES, LOGO_MAX_BYTES } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { IspLogo } from './IspLogo';

/** The file as base64, without the data: URL's prefix. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

export function LogoSettingsCard({ canManage }: { canManage: boolean }) {
  const t = useTranslations('billing_settings.logo');
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<'too_big' | 'wrong_type' | null>(null);
  const logo = useQuery({ ...trpc.admin.settings.logo.queryOptions(), retry: retryUnlessRefused });
  const done = (data: { logo: unknown }) => {
    queryClient.setQueryData(trpc.admin.settings.logo.queryKey(), data as never);
    router.refresh();
  };
  const upload = useMutation(trpc.admin.settings.uploadLogo.mutationOptions({ onSuccess: done }));
  const remove = useMutation(trpc.admin.settings.removeLogo.mutationOptions({ onSuccess: done }));

  async function choose(file: File | undefined) {
    setProblem(null);
    upload.reset();
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES) return setProblem('too_big');
    if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(file.type)) return setProblem('wrong_type');
    upload.mutate({ content_type: file.type, content_base64: await readBase64(file) });
  }

  const current = logo.data?.logo ?? null;
  return (
    <Card titleId="logo-settings-title" data-testid="logo-settings" title={t('title')} description={t('description')}>
      <CardContent className="grid gap-4">
        {logo.isError && <ErrorNotice error={logo.error} />}
        {!logo.data && !logo.isError ? (
          <Skeleton className="h-16" />
        ) : (
          <div className="flex flex-wrap items-center gap-4">
            <div className="rounded-lg bg-sidebar p-2">
              <IspLogo name={user.tenant_name ?? ''} url={current?.url ?? null} className="size-14" />
            </div>
            <p className="m-0 min-w-0 text-sm text-muted-foreground" data-testid="logo-state">
              {current ? t('current', { size: format.number(Math.ceil(current.byte_size / 1024)), type: current.content_type.replace('image/', '').toUpperCase() }) : t('none')}
            </p>
          </div>
        )}
        {canManage ? (
          <div className="flex flex-wrap items-center gap-2">
            <input
              ref={input}
              type="file"
              accept={LOGO_CONTENT_TYPES.join(',')}
              className="sr-only"
              id="logo-file"
              data-testid="logo-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = ''; // the same file chosen again is a new choice
                void choose(file);
              }}
            />
            <Button type="button" variant="secondary" onClick={() => input.current?.click()} disabled={upload.isPending}>
              {current ? t('replace') : t('upload')}
            </Button>
            {current && (
              <Button type="button" variant="ghost" onClick={() => remove.mutate()} disabled={remove.isPending} data-testid="logo-remove">
                {t('remove')}
              </Button>
            )}
          </div>
        ) : (
          <p className="m-0 text-sm text-muted-foreground">{t('read_only')}</p>
        )}
        <p className="m-0 text-xs text-muted-foreground">{t('hint', { kb: LOGO_MAX_BYTES / 1024 })}</p>
        {problem && (
          <Alert tone="danger" role="alert" data-testid="logo-problem">
            {t(problem, { kb: LOGO_MAX_BYTES / 1024 })}
          </Alert>
        )}
        {upload.error && <ErrorNotice error={upload.error} />}
        {remove.error && <ErrorNotice error={remove.error} />}
      </CardContent>
    </Card>
  );
}
