'use client';
/**
 * The passive fibre network: OLT → ODC → ODP as a tree with capacity and use (ODP: ports
 * taken by customers; OLT/ODC: child nodes), a form to add or edit a node (the parent
 * select offers only the kind one level up), and removal.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { TOPOLOGY_KINDS, TOPOLOGY_PARENT } from '@rrnet/contracts';
import type { TopologyKind, TopologyNode } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { cn } from '@rrnet/ui/cn';
import { MutationConfirm } from './MutationConfirm';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, FormField, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { Select } from '@rrnet/ui/Select';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { nodeCreateForm, nodeEditForm, nodeFormValues } from '~/lib/topology_form';
import type { NodeFormValues } from '~/lib/topology_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { PlaceFields } from './LocationFields';
import { DoneNotice } from './DoneNotice';
import { EmptyState } from '@rrnet/ui/EmptyState';

const FORM_ID = 'topology-node-form';
const KIND_TONE: Record<TopologyKind, BadgeTone> = { olt: 'info', odc: 'warning', odp: 'success' };
/** use at or above this share of the capacity shows as nearly full */
const HIGH_USE = 0.8;

function Capacity({ node }: { node: TopologyNode }) {
  const t = useTranslations('topology');
  const label =
    node.kind === 'odp'
      ? node.capacity !== null
        ? t('ports_used', { used: node.used, capacity: node.capacity })
        : t('customers_count', { count: node.used })
      : node.capacity !== null
        ? t('children_of', { used: node.used, capacity: node.capacity })
        : t('children_count', { count: node.used });
  const ratio = node.capacity ? Math.min(1, node.used / node.capacity) : null;
  return (
    <span className="inline-flex items-center gap-2 text-xs text-muted-foreground">
      {ratio !== null && (
        <span className="h-1.5 w-14 overflow-hidden rounded-full bg-muted" aria-hidden>
          <span className={cn('block h-full rounded-full bg-success', ratio >= HIGH_USE && 'bg-warning', ratio >= 1 && 'bg-destructive')} style={{ width: `${Math.round(ratio * 100)}%` }} />
        </span>
      )}
      <span data-testid="node-capacity">{label}</span>
    </span>
  );
}

interface TreeProps {
  childrenOf: Map<string, TopologyNode[]>;
  routerName: (id: string | null) => string | null;
  canManage: boolean;
  onEdit: (node: TopologyNode) => void;
}

function NodeItem({ node, ...tree }: TreeProps & { node: TopologyNode }) {
  const t = useTranslations('topology');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.network.topology.remove.mutationOptions({ meta: { invalidates: [trpc.network.topology.list.queryKey()] }, onSuccess: () => setConfirming(false) }),
  );
  const kids = tree.childrenOf.get(node.id) ?? [];
  const router = node.kind === 'olt' ? tree.routerName(node.router_id) : null;
  return (
    <li className="grid min-w-0 gap-2" data-testid="topology-node" data-kind={node.kind} data-name={node.name}>
      <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1.5 rounded-lg border bg-card px-3 py-2">
        <Badge tone={KIND_TONE[node.kind]}>{t(`kind.${node.kind}`)}</Badge>
        <span className="min-w-0 font-medium break-words">{node.name}</span>
        <Capacity node={node} />
        {router && <span className="text-xs text-muted-foreground">{t('router_label', { name: router })}</span>}
        {node.address && <span className="min-w-0 text-xs break-words text-muted-foreground">{node.address}</span>}
        {tree.canManage && (
          <span className="ml-auto flex gap-1">
            <Button variant="ghost" size="sm" aria-label={t('edit_for', { name: node.name })} onClick={() => tree.onEdit(node)}>
              {tc('edit')}
            </Button>
            <Button variant="ghost" size="sm" className="text-destructive" aria-label={t('remove_for', { name: node.name })} onClick={() => setConfirming(true)}>
              {tc('remove')}
            </Button>
          </span>
        )}
      </div>
      {remove.error && !confirming && <ErrorNotice error={remove.error} onDismiss={() => remove.reset()} />}
      <MutationConfirm
        open={confirming}
        mutation={remove}
        onClose={() => setConfirming(false)}
        danger
        title={t('remove_for', { name: node.name })}
        description={t('remove.confirm', { name: node.name })}
        confirmLabel={t('remove.confirm_button')}
        busyLabel={t('remove.removing')}
        onConfirm={() => remove.mutate({ id: node.id })}
      />
      {kids.length > 0 && (
        <ul className="m-0 grid list-none gap-2 border-l-2 border-border pl-3 sm:pl-5">
          {kids.map((kid) => (
            <NodeItem key={kid.id} node={kid} {...tree} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Kind (new nodes only), name, parent, router (OLT), capacity, address, position. */
function NodeFields({ node, nodes }: { node: TopologyNode | null; nodes: TopologyNode[] }) {
  const t = useTranslations('topology');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const { setValue } = useFormContext<NodeFormValues>();
  const kind = useWatch<NodeFormValues, 'kind'>({ name: 'kind' });
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), enabled: can('network.routers.read'), retry: retryUnlessRefused });
  const parentKind = TOPOLOGY_PARENT[kind];
  const parents = parentKind ? nodes.filter((n) => n.kind === parentKind && n.id !== node?.id) : [];
  return (
    <>
      <FieldGroup cols={4}>
        {!node && (
          <FormField name="kind" label={t('kind.label')}>
            {(field) => (
              <Select
                {...field}
                onChange={(e) => {
                  field.onChange(e);
                  setValue('parent_id', '');
                }}
              >
                {TOPOLOGY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}`)} — {t(`kind_hint.${k}`)}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        )}
        <InputField name="name" label={t('name')} autoComplete="off" />
        {parentKind && (
          <SelectField name="parent_id" label={t('parent', { kind: t(`kind.${parentKind}`) })} options={parents.map((p) => ({ value: p.id, label: p.name }))} empty={t('no_parent')} />
        )}
        {kind === 'olt' && (
          <SelectField name="router_id" label={t('router')} options={(routers.data ?? []).map((r) => ({ value: r.id, label: r.name }))} empty={t('no_router')} />
        )}
        <InputField name="capacity" label={kind === 'odp' ? t('capacity_ports') : t('capacity')} type="number" min={1} max={1024} />
      </FieldGroup>
      <PlaceFields />
    </>
  );
}

function NodeForm({ node, nodes, onDone }: { node: TopologyNode | null; nodes: TopologyNode[]; onDone: (message: string) => void }) {
  const t = useTranslations('topology');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const schema = useMemo(() => (node ? nodeEditForm(node.id) : nodeCreateForm), [node]);
  const form = useZodForm(schema, { defaultValues: nodeFormValues(node) });
  const meta = { invalidates: [trpc.network.topology.list.queryKey()] };
  const create = useMutation(
    trpc.network.topology.create.mutationOptions({
      meta,
      onSuccess: (n) => {
        onDone(t('created', { name: n.name, kind: t(`kind.${n.kind}`) }));
        const { kind, parent_id } = form.getValues();
        form.reset({ ...nodeFormValues(null), kind, parent_id });
      },
    }),
  );
  const update = useMutation(trpc.network.topology.update.mutationOptions({ meta, onSuccess: (n) => onDone(t('updated', { name: n.name })) }));
  const saving = node ? update : create;
  useServerErrors(form, fieldErrorsOf(saving.error));

  return (
    <Card titleId="node-form-title" id={FORM_ID} data-testid="topology-form" className="scroll-mt-20" title={node ? t('edit.title', { name: node.name }) : t('add.title')}>
      <CardContent>
        <Form form={form} onSubmit={(input) => ('id' in input ? update.mutate(input) : create.mutate(input))}>
          {saving.error && <ErrorNotice error={saving.error} />}
          <NodeFields node={node} nodes={nodes} />
          <div className="flex flex-wrap gap-2">
            <SubmitButton pending={saving.isPending} pendingLabel={tc('saving')}>
              {node ? tc('save') : t('add.submit')}
            </SubmitButton>
            {node && (
              <Button variant="secondary" onClick={() => onDone('')}>
                {tc('cancel')}
              </Button>
            )}
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

export function TopologyView() {
  const t = useTranslations('topology');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('network.topology.manage');
  const nodes = useQuery({ ...trpc.network.topology.list.queryOptions(), retry: retryUnlessRefused });
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), enabled: can('network.routers.read'), retry: retryUnlessRefused });
  const [editing, setEditing] = useState<TopologyNode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (nodes.isError && !nodes.data) return <ErrorNotice error={nodes.error} page />;
  const all = nodes.data ?? [];
  const byId = new Map(all.map((n) => [n.id, n]));
  const childrenOf = new Map<string, TopologyNode[]>();
  const unattached: TopologyNode[] = [];
  for (const n of all) {
    const parent = n.parent_id ? byId.get(n.parent_id) : undefined;
    if (parent) childrenOf.set(parent.id, [...(childrenOf.get(parent.id) ?? []), n]);
    else if (n.kind !== 'olt') unattached.push(n);
  }
  const olts = all.filter((n) => n.kind === 'olt');
  const tree: TreeProps = {
    childrenOf,
    routerName: (id) => (id ? (routers.data?.find((r) => r.id === id)?.name ?? null) : null),
    canManage,
    onEdit: (node) => {
      setNotice(null);
      setEditing(node);
      document.getElementById(FORM_ID)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
  };
  const counts = Object.fromEntries(TOPOLOGY_KINDS.map((k) => [k, all.filter((n) => n.kind === k).length])) as Record<TopologyKind, number>;

  return (
    <>
      <DoneNotice data-testid="topology-saved">{notice}</DoneNotice>
      <Card titleId="topology-tree-title" title={nodes.data ? t('count', { olt: counts.olt, odc: counts.odc, odp: counts.odp }) : t('title')}>
        <CardContent className="grid gap-4">
          {nodes.isPending && <Skeleton className="h-32" />}
          {nodes.data && all.length === 0 && <EmptyState>{t('empty')}</EmptyState>}
          {olts.length > 0 && (
            <ul className="m-0 grid list-none gap-2 p-0" data-testid="topology-tree">
              {olts.map((n) => (
                <NodeItem key={n.id} node={n} {...tree} />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      {unattached.length > 0 && (
        <Card titleId="topology-unattached-title" title={t('unattached')} description={t('unattached_hint')}>
          <CardContent>
            <ul className="m-0 grid list-none gap-2 p-0" data-testid="topology-unattached">
              {unattached.map((n) => (
                <NodeItem key={n.id} node={n} {...tree} />
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      {canManage && (
        <NodeForm
          key={editing?.id ?? 'new'}
          node={editing}
          nodes={all}
          onDone={(message) => {
            setNotice(message || null);
            setEditing(null);
          }}
        />
      )}
    </>
  );
}
