'use client';
/**
 * The ISP switch, for people who work for more than one ISP on RRNet (shown only then):
 * pick the ISP, "Ganti" moves the web session there (POST /api/auth/switch-tenant) and
 * the app reloads on the dashboard, so nothing of the previous ISP stays in the page.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTranslations } from 'next-intl';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Select } from '@rrnet/ui/Select';
import { useTRPC } from '~/trpc/TrpcProvider';

type SwitchError = 'invalid_input' | 'forbidden' | 'unauthenticated' | 'failed';

const ERROR_OF: Record<string, SwitchError> = { VALIDATION_FAILED: 'invalid_input', FORBIDDEN: 'forbidden', UNAUTHENTICATED: 'unauthenticated' };

export function TenantSwitcher() {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SwitchError | null>(null);

  const memberships = me.data?.memberships ?? [];
  if (memberships.length < 2) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const tenantId = target ?? user.tenant_id;
    if (!tenantId || tenantId === user.tenant_id) return;
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/switch-tenant', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant_id: tenantId }),
      });
      if (res.ok) {
        queryClient.clear();
        window.location.assign('/');
        return;
      }
      const body = (await res.json().catch(() => null)) as { error_code?: string } | null;
      setError(ERROR_OF[body?.error_code ?? ''] ?? 'failed');
    } catch {
      setError('failed');
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-1.5 px-2" data-testid="tenant-switcher">
      <label htmlFor="tenant-switch" className="sr-only">
        {t('shell.switch_isp')}
      </label>
      <div className="min-w-0 flex-[1_1_8rem]">
        <Select id="tenant-switch" className="h-9 text-[0.85rem] text-foreground sm:h-8" value={target ?? user.tenant_id ?? ''} onChange={(e) => setTarget(e.target.value)} disabled={busy}>
          {memberships.map((m) => (
            <option key={m.tenant_id} value={m.tenant_id}>
              {m.tenant_name} · {t(`role.${m.role}`)}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="secondary" size="sm" disabled={busy || (target ?? user.tenant_id) === user.tenant_id}>
        {busy ? t('shell.switching') : t('shell.switch')}
      </Button>
      {error && (
        <Alert tone="danger" role="alert" className="basis-full px-3 py-2 text-[0.8rem]">
          <p>{t(`shell.switch_error.${error}`)}</p>
        </Alert>
      )}
    </form>
  );
}
