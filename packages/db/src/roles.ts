/**
 * The three database roles (see drizzle/roles.sql). Web and worker connect as
 * `rrnet_app` (no BYPASSRLS, owns nothing); `rrnet_system` serves the few cross-tenant
 * platform paths; `rrnet_owner` owns the schema and runs migrations.
 */
export const DB_ROLES = {
  owner: 'rrnet_owner',
  app: 'rrnet_app',
  system: 'rrnet_system',
} as const;
export type DbRole = keyof typeof DB_ROLES;

/** The same server and database as `baseUrl`, logged in as another role. */
export function roleUrl(baseUrl: string, role: string, password: string): string {
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(role);
  url.password = password ? encodeURIComponent(password) : '';
  url.searchParams.delete('options');
  return url.toString();
}

/** The same server and credentials, another database. */
export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
