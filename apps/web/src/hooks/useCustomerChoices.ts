'use client';
/**
 * What a customer can be attached to: service plans, routers and ODPs, for the customer
 * filters and forms. Each list is loaded only when the user may read it (a role without
 * network access still manages customers, just without those selects).
 */
import { useQuery } from '@tanstack/react-query';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { useSessionUser } from './useSessionUser';

export function useCustomerChoices() {
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canRouters = can('network.routers.read');
  const canTopology = can('network.topology.read');
  const plans = useQuery({ ...trpc.customers.plans.list.queryOptions(), enabled: can('customers.plans.read'), retry: retryUnlessRefused });
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), enabled: canRouters, retry: retryUnlessRefused });
  const topology = useQuery({ ...trpc.network.topology.list.queryOptions(), enabled: canTopology, retry: retryUnlessRefused });
  return {
    plans: plans.data ?? [],
    routers: routers.data ?? [],
    odps: (topology.data ?? []).filter((n) => n.kind === 'odp'),
    canRouters,
    canTopology,
    error: plans.error ?? routers.error ?? topology.error,
  };
}
