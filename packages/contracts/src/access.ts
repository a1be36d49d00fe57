/**
 * Who may do what: roles, the permission catalogue (`module.resource.action`), the
 * role → permission table, plan features and plan limits. One file, read by the
 * procedure chain (enforcement), the web app (what to show) and the RBAC test matrix.
 */
export const TENANT_ROLES = ['owner', 'admin', 'billing', 'technician', 'customer_service', 'viewer'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export const PLATFORM_ROLES = ['super_admin'] as const;
export const ROLES = [...TENANT_ROLES, ...PLATFORM_ROLES] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'admin.users.read': 'See users and their roles',
  'admin.users.manage': 'Add users, change roles, disable users',
  'admin.api_keys.read': 'See API keys',
  'admin.api_keys.manage': 'Create and revoke API keys',
  'admin.settings.read': 'See tenant settings',
  'admin.settings.manage': 'Change tenant settings',
  'admin.audit.read': 'Read the audit trail',
  'admin.subscription.read': 'See the ISP’s RRNet plan, usage and SaaS invoices',
  'admin.subscription.manage': 'Pay the ISP’s SaaS invoices online and end the trial to start paying',
  'admin.support.manage': 'Grant and revoke RRNet support access',
  'customers.customers.read': 'See customers',
  'customers.customers.manage': 'Create and change customers',
  'customers.pii.read': 'See unmasked personal data (phone, national id, address)',
  'customers.secrets.reveal': 'Reveal a customer’s PPPoE password',
  'customers.customers.erase': 'Erase a terminated customer’s personal data (right to deletion)',
  'customers.plans.read': 'See service plans',
  'customers.plans.manage': 'Create and change service plans',
  'network.routers.read': 'See routers',
  'network.routers.manage': 'Add and change routers',
  'network.routers.sync': 'Sync routers and apply drift fixes',
  'network.topology.read': 'See the topology',
  'network.topology.manage': 'Change the topology',
  'billing.invoices.read': 'See invoices',
  'billing.invoices.manage': 'Issue and void invoices',
  'billing.payments.read': 'See payments',
  'billing.payments.record': 'Record payments',
  'billing.payments.void': 'Void payments',
  'isolir.history.read': 'See isolir history',
  'isolir.actions.execute': 'Isolate and restore customers by hand',
  'notifications.messages.read': 'See WhatsApp messages',
  'notifications.messages.send': 'Send WhatsApp messages',
  'notifications.templates.manage': 'Change WhatsApp templates',
  'outages.outages.read': 'See outages',
  'outages.outages.manage': 'Declare and resolve outages',
  'tickets.tickets.read': 'See trouble tickets',
  'tickets.tickets.handle': 'Open trouble tickets, comment and change their status',
  'tickets.tickets.assign': 'Assign trouble tickets to technicians',
  'maps.map.read': 'See the map',
  'reports.reports.read': 'See reports',
  'reports.reports.generate': 'Generate reports',
  'platform.tenants.manage': 'Manage tenants, plans and feature toggles',
  'platform.jobs.manage': 'Inspect, retry and discard dead-letter jobs',
} as const;
export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_LIST = Object.keys(PERMISSIONS) as Permission[];

const READ_ALL: Permission[] = PERMISSION_LIST.filter((p) => p.endsWith('.read') && !p.startsWith('platform.') && p !== 'customers.pii.read');

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSION_LIST.filter((p) => !p.startsWith('platform.')),
  admin: PERMISSION_LIST.filter((p) => !p.startsWith('platform.')),
  billing: [
    ...READ_ALL.filter((p) => !p.startsWith('admin.')),
    'customers.pii.read',
    'billing.invoices.manage',
    'billing.payments.record',
    'billing.payments.void',
    'isolir.actions.execute',
    'notifications.messages.send',
    'reports.reports.generate',
  ],
  technician: [
    ...READ_ALL.filter((p) => !p.startsWith('admin.') && !p.startsWith('billing.') && !p.startsWith('reports.')),
    'customers.pii.read',
    'customers.secrets.reveal',
    'network.routers.manage',
    'network.routers.sync',
    'network.topology.manage',
    'outages.outages.manage',
    'tickets.tickets.handle',
  ],
  customer_service: [
    ...READ_ALL.filter((p) => !p.startsWith('admin.') && !p.startsWith('reports.')),
    'customers.pii.read',
    'customers.secrets.reveal',
    'customers.customers.manage',
    'notifications.messages.send',
    'outages.outages.manage',
    'tickets.tickets.handle',
    'tickets.tickets.assign',
  ],
  viewer: READ_ALL.filter((p) => !p.startsWith('admin.')),
  super_admin: PERMISSION_LIST,
};

/** What an ISP may grant (API keys, custom roles): the catalogue without the platform's own permissions. */
export const TENANT_PERMISSIONS: readonly Permission[] = PERMISSION_LIST.filter((p) => !p.startsWith('platform.'));

/** The built-in roles a custom role may start from (an owner is not a template: the owner always holds everything). */
export const CUSTOM_ROLE_TEMPLATES = ['admin', 'billing', 'technician', 'customer_service', 'viewer'] as const satisfies readonly TenantRole[];
export type CustomRoleTemplate = (typeof CUSTOM_ROLE_TEMPLATES)[number];

/**
 * Why a custom role may not grant a permission: `unknown` (not in the catalogue) or
 * `platform` (the platform's own: a role of an ISP can never grant one); null when it may.
 */
export function customRolePermissionProblem(permission: string): 'unknown' | 'platform' | null {
  if (!Object.prototype.hasOwnProperty.call(PERMISSIONS, permission)) return 'unknown';
  return permission.startsWith('platform.') ? 'platform' : null;
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const FEATURES = [
  'network',
  'customers',
  'billing',
  'isolir',
  'notifications',
  'outages',
  'maps',
  'reports',
  'api_access',
  'payment_gateway',
] as const;
export type Feature = (typeof FEATURES)[number];

export const PLAN_LIMITS = ['routers', 'customers', 'users', 'wa_messages_month'] as const;
export type PlanLimit = (typeof PLAN_LIMITS)[number];
