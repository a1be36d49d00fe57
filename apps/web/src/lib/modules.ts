/**
 * The navigation: one entry per module page that exists. A module adds its entry when
 * it ships its page; nothing is listed ahead of its implementation. An entry with a
 * `permission` is shown only to roles that have it (the API enforces it regardless);
 * an entry marked `tenant` works inside an ISP and is hidden from users without one
 * (the platform super admin).
 */
import type { Permission } from '@rrnet/contracts';
import type { MessageKey } from '~/i18n/catalog';

export interface NavEntry {
  href: string;
  label: MessageKey;
  section: 'nav.section.operations' | 'nav.section.billing' | 'nav.section.notifications' | 'nav.section.reports' | 'nav.section.admin' | 'nav.section.platform' | 'nav.section.account' | 'nav.section.system';
  permission?: Permission;
  /** needs a tenant (an ISP to work in) */
  tenant?: true;
}

export const NAV_ENTRIES: NavEntry[] = [
  { href: '/', label: 'nav.dashboard', section: 'nav.section.operations' },
  { href: '/customers', label: 'nav.customers', section: 'nav.section.operations', permission: 'customers.customers.read', tenant: true },
  { href: '/customers/plans', label: 'nav.service_plans', section: 'nav.section.operations', permission: 'customers.plans.read', tenant: true },
  { href: '/network/routers', label: 'nav.routers', section: 'nav.section.operations', permission: 'network.routers.read', tenant: true },
  { href: '/network/topology', label: 'nav.topology', section: 'nav.section.operations', permission: 'network.topology.read', tenant: true },
  { href: '/outages', label: 'nav.outages', section: 'nav.section.operations', permission: 'outages.outages.read', tenant: true },
  { href: '/tickets', label: 'nav.tickets', section: 'nav.section.operations', permission: 'tickets.tickets.read', tenant: true },
  { href: '/tickets/mine', label: 'nav.my_tickets', section: 'nav.section.operations', permission: 'tickets.tickets.handle', tenant: true },
  { href: '/maps', label: 'nav.map', section: 'nav.section.operations', permission: 'maps.map.read', tenant: true },
  { href: '/billing/invoices', label: 'nav.invoices', section: 'nav.section.billing', permission: 'billing.invoices.read', tenant: true },
  { href: '/billing/payments', label: 'nav.payments', section: 'nav.section.billing', permission: 'billing.payments.read', tenant: true },
  { href: '/billing/arrears', label: 'nav.arrears', section: 'nav.section.billing', permission: 'billing.invoices.read', tenant: true },
  { href: '/isolir', label: 'nav.isolir', section: 'nav.section.billing', permission: 'isolir.history.read', tenant: true },
  { href: '/billing/settings', label: 'nav.billing_settings', section: 'nav.section.billing', permission: 'admin.settings.read', tenant: true },
  { href: '/billing/subscription', label: 'nav.subscription', section: 'nav.section.billing', permission: 'admin.subscription.read', tenant: true },
  { href: '/notifications', label: 'nav.wa_messages', section: 'nav.section.notifications', permission: 'notifications.messages.read', tenant: true },
  { href: '/notifications/templates', label: 'nav.wa_templates', section: 'nav.section.notifications', permission: 'notifications.messages.read', tenant: true },
  { href: '/notifications/settings', label: 'nav.wa_settings', section: 'nav.section.notifications', permission: 'admin.settings.read', tenant: true },
  { href: '/reports', label: 'nav.reports', section: 'nav.section.reports', permission: 'reports.reports.read', tenant: true },
  { href: '/admin/users', label: 'nav.users', section: 'nav.section.admin', permission: 'admin.users.read', tenant: true },
  { href: '/admin/roles', label: 'nav.roles', section: 'nav.section.admin', permission: 'admin.users.read', tenant: true },
  { href: '/admin/api-keys', label: 'nav.api_keys', section: 'nav.section.admin', permission: 'admin.api_keys.read', tenant: true },
  { href: '/admin/audit', label: 'nav.audit', section: 'nav.section.admin', permission: 'admin.audit.read', tenant: true },
  { href: '/platform/metrics', label: 'nav.metrics', section: 'nav.section.platform', permission: 'platform.jobs.manage' },
  { href: '/platform/jobs', label: 'nav.jobs', section: 'nav.section.platform', permission: 'platform.jobs.manage' },
  { href: '/platform/dead-letters', label: 'nav.dead_letters', section: 'nav.section.platform', permission: 'platform.jobs.manage' },
  { href: '/platform/tenants', label: 'nav.tenants', section: 'nav.section.platform', permission: 'platform.tenants.manage' },
  { href: '/platform/plans', label: 'nav.saas_plans', section: 'nav.section.platform', permission: 'platform.tenants.manage' },
  { href: '/platform/saas-invoices', label: 'nav.saas_invoices', section: 'nav.section.platform', permission: 'platform.tenants.manage' },
  { href: '/profile', label: 'nav.profile', section: 'nav.section.account' },
  { href: '/system', label: 'nav.system_status', section: 'nav.section.system' },
];

/** The entries a user with these permissions (and with or without a tenant) may see, in order. */
export function visibleNavEntries(permissions: readonly Permission[], { hasTenant = true }: { hasTenant?: boolean } = {}): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => (!entry.permission || permissions.includes(entry.permission)) && (hasTenant || !entry.tenant));
}

/**
 * The entry a path belongs to: the longest href that is the path or a parent of it
 * (/customers/123 → Customers, /customers/plans → Service plans).
 */
export function activeNavHref(pathname: string, entries: readonly NavEntry[]): string | null {
  let best: string | null = null;
  for (const { href } of entries) {
    const matches = pathname === href || (href !== '/' && pathname.startsWith(`${href}/`));
    if (matches && (best === null || href.length > best.length)) best = href;
  }
  return best;
}
