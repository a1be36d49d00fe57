/**
 * The contracts' fixed lists, without zod: what a browser page needs to label, filter or
 * colour by status (`@rrnet/contracts/constants`) without loading zod, the phone-number
 * metadata and the schemas of a whole module. The modules that define the schemas
 * re-export them, so `@rrnet/contracts` offers the same names as before.
 */
export const HEALTH_COMPONENTS = ['postgres', 'redis', 'worker'] as const;
export const ROUTER_STATUSES = ['unknown', 'online', 'offline'] as const;
export const CUSTOMER_STATUSES = ['active', 'isolated', 'suspended', 'terminated'] as const;
export const CUSTOMER_SORTS = ['name', 'created_at'] as const;
export const INVOICE_STATUSES = ['unpaid', 'overdue', 'paid', 'void'] as const;
export const MAP_FEATURE_KINDS = ['router', 'olt', 'odc', 'odp', 'customer'] as const;
