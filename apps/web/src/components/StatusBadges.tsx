'use client';
/** Status badges shared by the network and customer pages. */
import type { CustomerStatus } from '@rrnet/contracts';
import { useTranslation } from '~/hooks/useTranslation';

type RouterStatus = 'online' | 'offline' | 'unknown';

const ROUTER_BADGE: Record<RouterStatus, string> = { online: 'badge ok', offline: 'badge down', unknown: 'badge neutral' };
const CUSTOMER_BADGE: Record<CustomerStatus, string> = {
  active: 'badge ok',
  isolated: 'badge down',
  suspended: 'badge warn',
  terminated: 'badge neutral',
};

export function RouterStatusBadge({ status }: { status: RouterStatus }) {
  const { t } = useTranslation();
  return (
    <span className={ROUTER_BADGE[status]} data-testid="router-status" data-status={status}>
      {t(`routers.status.${status}`)}
    </span>
  );
}

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <span className={CUSTOMER_BADGE[status]} data-testid="customer-status" data-status={status}>
      {t(`customers.status.${status}`)}
    </span>
  );
}
