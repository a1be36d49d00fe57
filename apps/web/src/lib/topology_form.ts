/**
 * The topology node form: its values (text while typing; the position as `location.lat`
 * / `location.lng`, the API's paths) and the schemas it is checked with: the text turned
 * into the API's node fields (a parent only for the kinds that have one, a router only
 * for an OLT), then the contracts' create or update schema.
 */
import { z } from 'zod';
import { TOPOLOGY_KINDS, TOPOLOGY_PARENT, topologyNodeCreateInput, topologyNodeUpdateInput } from '@rrnet/contracts';
import type { TopologyNode } from '@rrnet/contracts';
import { blankToNull, locationText, locationTextSchema, parseNumber, toLocation } from './form_values';

const nodeText = z.object({
  kind: z.enum(TOPOLOGY_KINDS),
  name: z.string(),
  parent_id: z.string(),
  router_id: z.string(),
  capacity: z.string(),
  address: z.string(),
  location: locationTextSchema,
});
export type NodeFormValues = z.infer<typeof nodeText>;

export function nodeFormValues(node: TopologyNode | null): NodeFormValues {
  if (!node) return { kind: 'odp', name: '', parent_id: '', router_id: '', capacity: '', address: '', location: { lat: '', lng: '' } };
  return {
    kind: node.kind,
    name: node.name,
    parent_id: node.parent_id ?? '',
    router_id: node.router_id ?? '',
    capacity: node.capacity === null ? '' : String(node.capacity),
    address: node.address ?? '',
    location: locationText(node.location),
  };
}

/** The node's fields as the API takes them (the kind is the caller's: it is fixed once created). */
export function nodeFields(values: NodeFormValues) {
  return {
    name: values.name,
    parent_id: TOPOLOGY_PARENT[values.kind] ? blankToNull(values.parent_id) : null,
    router_id: values.kind === 'olt' ? blankToNull(values.router_id) : null,
    capacity: parseNumber(values.capacity),
    address: blankToNull(values.address),
    location: toLocation(values.location.lat, values.location.lng),
  };
}

export const nodeCreateForm = nodeText
  .transform((values): z.input<typeof topologyNodeCreateInput> => ({ kind: values.kind, ...nodeFields(values) }))
  .pipe(topologyNodeCreateInput);

export function nodeEditForm(id: string) {
  return nodeText.transform((values): z.input<typeof topologyNodeUpdateInput> => ({ id, ...nodeFields(values) })).pipe(topologyNodeUpdateInput);
}
