/** What the module tasks need beyond the job wrapper's deps: Redis caches, secrets, router clients, WhatsApp gateways. */
import type { NetworkServices } from '@rrnet/core/network/services';
import type { EnvelopeKeyProvider } from '@rrnet/crypto';
import type { NotificationServices } from '@rrnet/core/notifications/services';

export interface WorkerServices {
  network: NetworkServices;
  /** envelope encryption's key provider (KMS + sys_data_keys): key_rotation */
  keys?: EnvelopeKeyProvider;
  onRouterSync?: (status: 'online' | 'offline') => void;
  /** WhatsApp sending (gateways, limiter, breakers); absent: wa_notifications fails */
  notifications?: NotificationServices;
  /** nudge the worker pool when a job this worker queued for a moment from now is due (wakeups.ts); absent: the poll finds it */
  wakeAt?: (runAt: Date) => void;
}
