'use client';
/** A ticket's status and priority as badges. */
import { useTranslations } from 'next-intl';
import type { TicketPriority, TicketStatus } from '@rrnet/contracts';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { StatusBadge } from '@rrnet/ui/StatusBadge';

const STATUS_TONES: Record<TicketStatus, BadgeTone> = { open: 'info', in_progress: 'warning', waiting_customer: 'neutral', resolved: 'success', closed: 'outline' };
const PRIORITY_TONES: Record<TicketPriority, BadgeTone> = { low: 'neutral', normal: 'info', high: 'warning', urgent: 'danger' };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const t = useTranslations('tickets.status');
  return <StatusBadge status={status} tones={STATUS_TONES} label={t(status)} data-testid="ticket-status" />;
}

export function TicketPriorityBadge({ priority }: { priority: TicketPriority }) {
  const t = useTranslations('tickets.priority');
  return <StatusBadge status={priority} tones={PRIORITY_TONES} label={t(priority)} data-testid="ticket-priority" />;
}
