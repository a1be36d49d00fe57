/**
 * Who may call what, written by hand from the product's point of view — NOT derived from
 * ROLE_PERMISSIONS, so a wrong entry in that table (or a procedure declaring the wrong
 * permission) fails the RBAC test instead of being copied into its expectations.
 *
 * Each row lists the roles that are ALLOWED; every other tenant role is refused. A reason
 * follows where the answer is not obvious. The people:
 *   owner, admin       run the ISP: everything in it (never the platform's own procedures)
 *   billing            invoices, payments, arrears, isolir; sees customers and the network
 *   technician         routers, topology, PPPoE; sees customers and isolir state, no money
 *   customer_service   the subscriber on the phone: customers, their invoices, no money moved
 *   viewer             reads the ISP's operations; changes nothing, sees no administration
 */
import type { TenantRole } from '@rrnet/contracts';

const ADMINS: TenantRole[] = ['owner', 'admin'];
const EVERYONE: TenantRole[] = ['owner', 'admin', 'billing', 'technician', 'customer_service', 'viewer'];
const NETWORK_STAFF: TenantRole[] = ['owner', 'admin', 'technician'];
const BILLING_STAFF: TenantRole[] = ['owner', 'admin', 'billing'];
const MONEY_READERS: TenantRole[] = ['owner', 'admin', 'billing', 'customer_service', 'viewer'];
const CUSTOMER_STAFF: TenantRole[] = ['owner', 'admin', 'customer_service'];
const OUTAGE_STAFF: TenantRole[] = ['owner', 'admin', 'technician', 'customer_service'];

export const EXPECTED_ACCESS: Record<string, { allow: TenantRole[]; why?: string }> = {
  // administration of the ISP itself
  'admin.settings.get': { allow: ADMINS, why: 'settings hold gateway keys, isolir mode and invoice rules: administrators only' },
  'admin.settings.update': { allow: ADMINS },
  'admin.settings.logo': { allow: ADMINS },
  'admin.settings.uploadLogo': { allow: ADMINS },
  'admin.settings.removeLogo': { allow: ADMINS },
  'admin.supportAccess.get': { allow: ADMINS, why: 'whether RRNet may read the ISP’s trail is the ISP’s administrators’ call' },
  'admin.supportAccess.grant': { allow: ADMINS, why: 'lets RRNet’s staff read personal data for hours' },
  'admin.supportAccess.revoke': { allow: ADMINS },
  'admin.users.list': { allow: ADMINS, why: 'staff lists and roles are administration, not operations' },
  'admin.users.create': { allow: ADMINS },
  'admin.users.update': { allow: ADMINS },
  'admin.roles.list': { allow: ADMINS },
  'admin.customRoles.list': { allow: ADMINS },
  'admin.customRoles.create': { allow: ADMINS, why: 'a custom role decides what its members may do' },
  'admin.customRoles.update': { allow: ADMINS, why: 'a custom role decides what its members may do' },
  'admin.customRoles.delete': { allow: ADMINS },
  'admin.apiKeys.list': { allow: ADMINS },
  'admin.apiKeys.create': { allow: ADMINS, why: 'a key acts without a person behind it' },
  'admin.apiKeys.revoke': { allow: ADMINS },
  'admin.audit.list': { allow: ADMINS, why: 'the trail shows every change and sign-in of every colleague: administrators only (spec §9 access role-based)' },
  'admin.audit.verify': { allow: ADMINS },
  'admin.audit.export': { allow: ADMINS },
  'billing.saasInvoices.list': { allow: ADMINS, why: 'what the ISP owes RRNet is the owner’s business, not billing staff’s' },
  'billing.subscription': { allow: ADMINS },
  'billing.startSubscription': { allow: ADMINS, why: 'ending the trial commits the ISP to paying RRNet: the owner’s or an admin’s call' },
  'billing.saasInvoices.paymentLink': { allow: ADMINS, why: 'paying RRNet is the owner’s business, not billing staff’s' },
  'saas.onboarding': { allow: ADMINS, why: 'the first-run checklist leads to settings, gateways and keys: administrators' },

  // network
  'network.routers.list': { allow: EVERYONE, why: 'whether a router is up answers most subscriber calls' },
  'network.routers.get': { allow: EVERYONE },
  'network.routers.sessions': { allow: EVERYONE },
  'network.routers.create': { allow: NETWORK_STAFF },
  'network.routers.update': { allow: NETWORK_STAFF },
  'network.routers.remove': { allow: NETWORK_STAFF },
  'network.routers.sync': { allow: NETWORK_STAFF, why: '"apply fixes" writes to the router' },
  'network.routers.kick': { allow: NETWORK_STAFF, why: 'disconnecting a live session is a network action' },
  'network.routers.tunnel': { allow: NETWORK_STAFF, why: 'the commands to paste hold the router’s WireGuard private key' },
  'network.routers.enableTunnel': { allow: NETWORK_STAFF },
  'network.routers.disableTunnel': { allow: NETWORK_STAFF },
  'network.topology.list': { allow: EVERYONE },
  'network.topology.create': { allow: NETWORK_STAFF },
  'network.topology.update': { allow: NETWORK_STAFF },
  'network.topology.remove': { allow: NETWORK_STAFF },

  // customers
  'customers.plans.list': { allow: EVERYONE },
  'customers.plans.create': { allow: ADMINS, why: 'prices are the business’s decision, not billing staff’s' },
  'customers.plans.update': { allow: ADMINS },
  'customers.customers.list': { allow: EVERYONE },
  'customers.customers.get': { allow: EVERYONE },
  'customers.customers.create': { allow: CUSTOMER_STAFF, why: 'sign-ups come in through customer service' },
  'customers.customers.update': { allow: CUSTOMER_STAFF },
  'customers.customers.setStatus': { allow: CUSTOMER_STAFF, why: 'suspension and termination are requests handled by customer service; isolation belongs to billing' },
  'customers.customers.revealPassword': {
    allow: ['owner', 'admin', 'technician', 'customer_service'],
    why: 'technicians set up the modem and customer service helps the subscriber; billing staff never need the PPPoE password',
  },
  'customers.customers.anonymize': { allow: ADMINS, why: 'erasing personal data cannot be undone: the ISP’s administrators decide' },
  'customers.imports.list': { allow: EVERYONE },
  'customers.imports.get': { allow: EVERYONE },
  'customers.imports.preview': { allow: CUSTOMER_STAFF },
  'customers.imports.start': { allow: CUSTOMER_STAFF },

  // maps
  'maps.features': { allow: EVERYONE },
  'maps.nearby': { allow: EVERYONE },

  // billing
  'billing.invoices.list': { allow: MONEY_READERS, why: 'customer service answers "what do I owe"; technicians have no business with money' },
  'billing.invoices.get': { allow: MONEY_READERS },
  'billing.arrears': { allow: MONEY_READERS },
  'billing.summary': { allow: MONEY_READERS },
  'billing.invoices.void': { allow: BILLING_STAFF },
  'billing.invoices.run': { allow: BILLING_STAFF },
  'billing.invoices.paymentLink': { allow: BILLING_STAFF },
  'billing.payments.list': { allow: MONEY_READERS },
  'billing.payments.record': { allow: BILLING_STAFF, why: 'cash is collected and recorded by billing staff' },
  'billing.payments.void': { allow: BILLING_STAFF },
  'billing.gateway.setMidtransKey': { allow: ADMINS, why: 'the gateway key moves the ISP’s money: administrators only' },
  'billing.gateway.setXenditKeys': { allow: ADMINS, why: 'the gateway key moves the ISP’s money: administrators only' },
  'billing.gateway.select': { allow: ADMINS, why: 'which account receives the ISP’s money: administrators only' },
  'billing.gateway.get': { allow: ADMINS, why: 'payment settings are administration, like the other settings' },

  // isolir
  'isolir.events': { allow: EVERYONE, why: 'technicians and customer service must see why a subscriber is cut off' },
  'isolir.act': { allow: BILLING_STAFF, why: 'cutting off or restoring by hand is a billing decision' },
  'isolir.sweep': { allow: BILLING_STAFF },

  // notifications (WhatsApp)
  'notifications.templates.list': { allow: EVERYONE },
  'notifications.templates.preview': { allow: EVERYONE, why: 'a preview shows what a subscriber would read; it sends nothing' },
  'notifications.templates.save': { allow: ADMINS, why: 'what the ISP says to every subscriber' },
  'notifications.templates.reset': { allow: ADMINS },
  'notifications.messages.list': { allow: EVERYONE },
  'notifications.messages.get': { allow: EVERYONE },
  'notifications.messages.retry': { allow: ['owner', 'admin', 'billing', 'customer_service'], why: 'the staff who talk to subscribers resend what failed' },
  'notifications.messages.sendTest': { allow: ['owner', 'admin', 'billing', 'customer_service'] },
  'notifications.settings.get': { allow: ADMINS, why: 'gateway settings are administration' },
  'notifications.settings.update': { allow: ADMINS },
  'notifications.optOut': { allow: CUSTOMER_STAFF, why: 'the subscriber asks customer service to stop reminders' },
  'notifications.stats': { allow: EVERYONE },

  // reports (the ISP's money and growth)
  'reports.overview': { allow: ['owner', 'admin', 'billing', 'viewer'], why: 'revenue and arrears of the whole ISP: not the technicians’ or customer service’s business' },
  'reports.exports.list': { allow: ['owner', 'admin', 'billing', 'viewer'] },
  'reports.exports.get': { allow: ['owner', 'admin', 'billing', 'viewer'] },
  'reports.exports.file': { allow: ['owner', 'admin', 'billing', 'viewer'], why: 'a viewer downloads what the ISP has exported; asking for one is billing’s' },
  'reports.exports.create': { allow: BILLING_STAFF, why: 'an export is a background job over every customer' },
  // outages
  'outages.list': { allow: EVERYONE, why: 'whether a subscriber’s area is down answers most calls' },
  'outages.map': { allow: EVERYONE, why: 'where it is down, on the map everyone sees' },
  'outages.summary': { allow: EVERYONE },
  'outages.get': { allow: EVERYONE },
  'outages.customers': { allow: EVERYONE },
  'outages.declare': { allow: OUTAGE_STAFF, why: 'technicians find the cut, customer service hears about it first' },
  'outages.update': { allow: OUTAGE_STAFF },
  'outages.confirm': { allow: OUTAGE_STAFF },
  'outages.dismiss': { allow: OUTAGE_STAFF },
  'outages.resolve': { allow: OUTAGE_STAFF, why: 'resolving tells every affected subscriber' },
  'outages.resolveTickets': { allow: OUTAGE_STAFF, why: 'the staff who handle tickets close those the outage caused' },

  // trouble tickets
  'tickets.list': { allow: EVERYONE, why: 'billing staff see the billing complaints too' },
  'tickets.get': { allow: EVERYONE },
  'tickets.line': { allow: EVERYONE, why: 'whoever reads the ticket sees the customer’s line; personal data masked as on the customer page' },
  'tickets.assignees': { allow: EVERYONE },
  'tickets.create': { allow: OUTAGE_STAFF, why: 'calls and walk-ins reach customer service and technicians' },
  'tickets.update': { allow: OUTAGE_STAFF },
  'tickets.setStatus': { allow: OUTAGE_STAFF, why: 'technicians move their own tickets on the spot' },
  'tickets.comment': { allow: OUTAGE_STAFF },
  'tickets.assign': { allow: CUSTOMER_STAFF, why: 'dispatching technicians is customer service’s and the administrators’ call' },
};
