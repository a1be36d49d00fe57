/**
 * The message catalogues: one JSON file per module and language under apps/web/messages
 * ({id,en}/{module}.json, ICU MessageFormat). Indonesian is the source of the keys; the
 * unit layer checks that English has exactly the same keys and that every message parses.
 */
import type { MessageKeys, NestedKeyOf } from 'next-intl';
import type { Locale } from '@rrnet/contracts';
import type accessMessages from '../../messages/id/access.json';
import type alertMessages from '../../messages/id/alert.json';
import type api_keysMessages from '../../messages/id/api_keys.json';
import type auditMessages from '../../messages/id/audit.json';
import type appMessages from '../../messages/id/app.json';
import type arrearsMessages from '../../messages/id/arrears.json';
import type billing_settingsMessages from '../../messages/id/billing_settings.json';
import type commonMessages from '../../messages/id/common.json';
import type customersMessages from '../../messages/id/customers.json';
import type dashboardMessages from '../../messages/id/dashboard.json';
import type dead_lettersMessages from '../../messages/id/dead_letters.json';
import type driftMessages from '../../messages/id/drift.json';
import type errorMessages from '../../messages/id/error.json';
import type fieldMessages from '../../messages/id/field.json';
import type importMessages from '../../messages/id/import.json';
import type invoicesMessages from '../../messages/id/invoices.json';
import type isolirMessages from '../../messages/id/isolir.json';
import type jobsMessages from '../../messages/id/jobs.json';
import type locationMessages from '../../messages/id/location.json';
import type loginMessages from '../../messages/id/login.json';
import type mapMessages from '../../messages/id/map.json';
import type metricsMessages from '../../messages/id/metrics.json';
import type navMessages from '../../messages/id/nav.json';
import type notificationsMessages from '../../messages/id/notifications.json';
import type outagesMessages from '../../messages/id/outages.json';
import type paymentsMessages from '../../messages/id/payments.json';
import type permissionMessages from '../../messages/id/permission.json';
import type plansMessages from '../../messages/id/plans.json';
import type portalMessages from '../../messages/id/portal.json';
import type saasMessages from '../../messages/id/saas.json';
import type serverMessages from '../../messages/id/server.json';
import type printMessages from '../../messages/id/print.json';
import type profileMessages from '../../messages/id/profile.json';
import type reportsMessages from '../../messages/id/reports.json';
import type roleMessages from '../../messages/id/role.json';
import type routersMessages from '../../messages/id/routers.json';
import type sessionsMessages from '../../messages/id/sessions.json';
import type shellMessages from '../../messages/id/shell.json';
import type signupMessages from '../../messages/id/signup.json';
import type statusMessages from '../../messages/id/status.json';
import type topologyMessages from '../../messages/id/topology.json';
import type ticketsMessages from '../../messages/id/tickets.json';
import type tunnelMessages from '../../messages/id/tunnel.json';
import type usersMessages from '../../messages/id/users.json';

export const MESSAGE_MODULES = [
  'access',
  'alert',
  'api_keys',
  'app',
  'audit',
  'arrears',
  'billing_settings',
  'common',
  'customers',
  'dashboard',
  'dead_letters',
  'drift',
  'error',
  'field',
  'import',
  'invoices',
  'isolir',
  'jobs',
  'location',
  'login',
  'map',
  'metrics',
  'nav',
  'notifications',
  'outages',
  'payments',
  'permission',
  'plans',
  'portal',
  'saas',
  'server',
  'print',
  'profile',
  'reports',
  'role',
  'routers',
  'sessions',
  'shell',
  'signup',
  'status',
  'tickets',
  'topology',
  'tunnel',
  'users',
] as const;

export type MessageModule = (typeof MESSAGE_MODULES)[number];

/** Every module of one language, as next-intl's messages (namespace = module). */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const entries = await Promise.all(
    MESSAGE_MODULES.map(async (module) => [module, ((await import(`../../messages/${locale}/${module}.json`)) as { default: unknown }).default] as const),
  );
  return Object.fromEntries(entries) as unknown as Messages;
}

/** The shape of the catalogues (from the Indonesian files). */
export interface Messages {
  access: typeof accessMessages;
  alert: typeof alertMessages;
  api_keys: typeof api_keysMessages;
  app: typeof appMessages;
  audit: typeof auditMessages;
  arrears: typeof arrearsMessages;
  billing_settings: typeof billing_settingsMessages;
  common: typeof commonMessages;
  customers: typeof customersMessages;
  dashboard: typeof dashboardMessages;
  dead_letters: typeof dead_lettersMessages;
  drift: typeof driftMessages;
  error: typeof errorMessages;
  field: typeof fieldMessages;
  import: typeof importMessages;
  invoices: typeof invoicesMessages;
  isolir: typeof isolirMessages;
  jobs: typeof jobsMessages;
  location: typeof locationMessages;
  login: typeof loginMessages;
  map: typeof mapMessages;
  metrics: typeof metricsMessages;
  nav: typeof navMessages;
  notifications: typeof notificationsMessages;
  outages: typeof outagesMessages;
  payments: typeof paymentsMessages;
  permission: typeof permissionMessages;
  plans: typeof plansMessages;
  portal: typeof portalMessages;
  saas: typeof saasMessages;
  server: typeof serverMessages;
  print: typeof printMessages;
  profile: typeof profileMessages;
  reports: typeof reportsMessages;
  role: typeof roleMessages;
  routers: typeof routersMessages;
  sessions: typeof sessionsMessages;
  shell: typeof shellMessages;
  signup: typeof signupMessages;
  status: typeof statusMessages;
  topology: typeof topologyMessages;
  tickets: typeof ticketsMessages;
  tunnel: typeof tunnelMessages;
  users: typeof usersMessages;
}

/** Any message's full key ('customers.title'), for values that carry a key to translate later. */
export type MessageKey = MessageKeys<Messages, NestedKeyOf<Messages>>;
