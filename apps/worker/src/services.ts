/** What the module tasks need beyond the job wrapper's deps: Redis caches, secrets, router clients. */
import type { NetworkServices } from '@rrnet/core/network/services';

export interface WorkerServices {
  network: NetworkServices;
  onRouterSync?: (status: 'online' | 'offline') => void;
}
