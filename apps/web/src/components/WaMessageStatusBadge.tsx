'use client';
/** A WhatsApp message's status as a badge, and the name of the template it was written from. */
import { useTranslations } from 'next-intl';
import { WA_TEMPLATE_CODES } from '@rrnet/contracts';
import type { WaMessageStatus, WaTemplateCode } from '@rrnet/contracts';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { StatusBadge } from '@rrnet/ui/StatusBadge';

const TONES: Record<WaMessageStatus, BadgeTone> = { queued: 'neutral', sending: 'info', sent: 'info', delivered: 'success', read: 'success', failed: 'danger' };

export function WaMessageStatusBadge({ status }: { status: WaMessageStatus }) {
  const t = useTranslations('notifications.status');
  return <StatusBadge status={status} tones={TONES} label={t(status)} data-testid="wa-status" />;
}

export const isTemplateCode = (code: string | null): code is WaTemplateCode => (WA_TEMPLATE_CODES as readonly (string | null)[]).includes(code);

/** "Isolir notice", or "Test message" for a message written by hand (no template). */
export function useTemplateLabel(): (code: string | null) => string {
  const t = useTranslations('notifications.template');
  return (code) => (isTemplateCode(code) ? t(code) : code === null ? t('test') : code);
}
