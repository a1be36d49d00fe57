/** Who is calling: a signed-in user (session) or an API key, with what it may do. */
import type { Permission, Role } from '@rrnet/contracts';

export interface Principal {
  kind: 'session' | 'api_key';
  userId: string | null;
  tenantId: string | null;
  role: Role | null;
  permissions: readonly Permission[];
  sessionId: string | null;
  apiKeyId: string | null;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}
