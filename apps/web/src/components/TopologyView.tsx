'use client';
/**
 * The passive fibre network: OLT → ODC → ODP as a tree with capacity and use (ODP: ports
 * taken by customers; OLT/ODC: child nodes), a form to add or edit a node (the parent
 * select offers only the kind one level up), and removal.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TOPOLOGY_KINDS, TOPOLOGY_PARENT } from '@rrnet/contracts';
import type { TopologyKind, TopologyNode } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { blankToNull, locationText, parseNumber, toLocation } from '~/lib/form_values';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ConfirmPanel } from './ConfirmPanel';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { LocationFields } from './LocationFields';
import { RequirePermission } from './NoPermission';

const FORM_ID = 'topology-node-form';

interface NodeFormValues {
  kind: TopologyKind;
  name: string;
  parent_id: string;
  router_id: string;
  capacity: string;
  address: string;
  lat: string;
  lng: string;
}

function nodeFormValues(node: TopologyNode | null): NodeFormValues {
  if (!node) return { kind: 'odp', name: '', parent_id: '', router_id: '', capacity: '', address: '', lat: '', lng: '' };
  return {
    kind: node.kind,
    name: node.name,
    parent_id: node.parent_id ?? '',
    router_id: node.router_id ?? '',
    capacity: node.capacity === null ? '' : String(node.capacity),
    address: node.address ?? '',
    ...locationText(node.location),
  };
}

function Capacity({ node }: { node: TopologyNode }) {
  const t = useTranslations();
  const label =
    node.kind === 'odp'
      ? node.capacity !== null
        ? t('topology.ports_used', { used: node.used, capacity: node.capacity })
        : t('topology.customers_count', { count: node.used })
      : node.capacity !== null
        ? t('topology.children_of', { used: node.used, capacity: node.capacity })
        : t('topology.children_count', { count: node.used });
  const ratio = node.capacity ? Math.min(1, node.used / node.capacity) : null;
  return (
    <span className="capacity" data-testid="node-capacity">
      {ratio !== null && (
        <span className={ratio >= 1 ? 'meter full' : ratio >= 0.8 ? 'meter high' : 'meter'} aria-hidden>
          <span style={{ width: `${Math.round(ratio * 100)}%` }} />
        </span>
      )}
      <span className="small">{label}</span>
    </span>
  );
}

function NodeItem({
  node,
  childrenOf,
  routerName,
  canManage,
  onEdit,
}: {
  node: TopologyNode;
  childrenOf: Map<string, TopologyNode[]>;
  routerName: (id: string | null) => string | null;
  canManage: boolean;
  onEdit: (node: TopologyNode) => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.network.topology.remove.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries({ queryKey: trpc.network.topology.list.queryKey() });
      },
    }),
  );
  const kids = childrenOf.get(node.id) ?? [];
  const router = node.kind === 'olt' ? routerName(node.router_id) : null;
  return (
    <li className="tree-node" data-testid="topology-node" data-kind={node.kind} data-name={node.name}>
      <div className="tree-line">
        <span className={`kind-chip kind-${node.kind}`}>{t(`topology.kind.${node.kind}`)}</span>
        <span className="cell-main">{node.name}</span>
        <Capacity node={node} />
        {router && <span className="muted small">{t('topology.router_label', { name: router })}</span>}
        {node.address && <span className="muted small">{node.address}</span>}
        {canManage && !confirming && (
          <span className="tree-actions">
            <button type="button" className="button secondary small" aria-label={t('topology.edit_for', { name: node.name })} onClick={() => onEdit(node)}>
              {t('common.edit')}
            </button>
            <button
              type="button"
              className="button secondary small danger-text"
              aria-label={t('topology.remove_for', { name: node.name })}
              onClick={() => setConfirming(true)}
            >
              {t('common.remove')}
            </button>
          </span>
        )}
      </div>
      {confirming && (
        <ConfirmPanel
          danger
          question={t('topology.remove.confirm', { name: node.name })}
          confirmLabel={t('topology.remove.confirm_button')}
          busyLabel={t('topology.remove.removing')}
          busy={remove.isPending}
          onConfirm={() => remove.mutate({ id: node.id })}
          onCancel={() => {
            setConfirming(false);
            remove.reset();
          }}
        />
      )}
      {remove.error && <ErrorNotice error={remove.error} onDismiss={() => remove.reset()} />}
      {kids.length > 0 && (
        <ul className="tree">
          {kids.map((kid) => (
            <NodeItem key={kid.id} node={kid} childrenOf={childrenOf} routerName={routerName} canManage={canManage} onEdit={onEdit} />
          ))}
        </ul>
      )}
    </li>
  );
}

function NodeForm({ node, nodes, onDone }: { node: TopologyNode | null; nodes: TopologyNode[]; onDone: (message: string) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useSessionUser();
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), enabled: can('network.routers.read'), retry: retryUnlessRefused });
  const [values, setValues] = useState<NodeFormValues>(() => nodeFormValues(node));
  const set = (patch: Partial<NodeFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.network.topology.list.queryKey() });
  const create = useMutation(
    trpc.network.topology.create.mutationOptions({
      onSuccess: async (n) => {
        onDone(t('topology.created', { name: n.name, kind: t(`topology.kind.${n.kind}`) }));
        setValues((v) => ({ ...nodeFormValues(null), kind: v.kind, parent_id: v.parent_id }));
        await refresh();
      },
    }),
  );
  const update = useMutation(
    trpc.network.topology.update.mutationOptions({
      onSuccess: async (n) => {
        onDone(t('topology.updated', { name: n.name }));
        await refresh();
      },
    }),
  );
  const saving = node ? update : create;
  const errors = fieldErrorsOf(saving.error);
  const parentKind = TOPOLOGY_PARENT[values.kind];
  const parents = parentKind ? nodes.filter((n) => n.kind === parentKind && n.id !== node?.id) : [];

  return (
    <section className="card" id={FORM_ID} aria-labelledby="node-form-title" data-testid="topology-form">
      <div className="card-header">
        <h2 id="node-form-title">{node ? t('topology.edit.title', { name: node.name }) : t('topology.add.title')}</h2>
      </div>
      {saving.error && <ErrorNotice error={saving.error} />}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const fields = {
            name: values.name,
            parent_id: parentKind ? blankToNull(values.parent_id) : null,
            router_id: values.kind === 'olt' ? blankToNull(values.router_id) : null,
            capacity: values.capacity.trim() ? (parseNumber(values.capacity) ?? null) : null,
            address: blankToNull(values.address),
            location: toLocation(values.lat, values.lng),
          };
          if (node) update.mutate({ id: node.id, ...fields });
          else create.mutate({ kind: values.kind, ...fields });
        }}
      >
        <div className="form-row">
          {!node && (
            <FormField label={t('topology.kind.label')} error={errors.kind}>
              {(props) => (
                <select {...props} name="kind" value={values.kind} onChange={(e) => set({ kind: e.target.value as TopologyKind, parent_id: '' })}>
                  {TOPOLOGY_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`topology.kind.${k}`)} — {t(`topology.kind_hint.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <FormField label={t('topology.name')} error={errors.name}>
            {(props) => <input {...props} name="name" autoComplete="off" value={values.name} onChange={(e) => set({ name: e.target.value })} />}
          </FormField>
          {parentKind && (
            <FormField label={t('topology.parent', { kind: t(`topology.kind.${parentKind}`) })} error={errors.parent_id}>
              {(props) => (
                <select {...props} name="parent_id" value={values.parent_id} onChange={(e) => set({ parent_id: e.target.value })}>
                  <option value="">{t('topology.no_parent')}</option>
                  {parents.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          {values.kind === 'olt' && (
            <FormField label={t('topology.router')} error={errors.router_id}>
              {(props) => (
                <select {...props} name="router_id" value={values.router_id} onChange={(e) => set({ router_id: e.target.value })}>
                  <option value="">{t('topology.no_router')}</option>
                  {(routers.data ?? []).map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <FormField label={values.kind === 'odp' ? t('topology.capacity_ports') : t('topology.capacity')} error={errors.capacity}>
            {(props) => (
              <input {...props} name="capacity" type="number" min={1} max={1024} value={values.capacity} onChange={(e) => set({ capacity: e.target.value })} />
            )}
          </FormField>
        </div>
        <div className="form-row">
          <FormField label={t('topology.address')} error={errors.address}>
            {(props) => <input {...props} name="address" autoComplete="off" value={values.address} onChange={(e) => set({ address: e.target.value })} />}
          </FormField>
          <LocationFields lat={values.lat} lng={values.lng} errors={errors} onChange={(loc) => set(loc)} />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={saving.isPending}>
            {saving.isPending ? t('common.saving') : node ? t('common.save') : t('topology.add.submit')}
          </button>
          {node && (
            <button type="button" className="button secondary" onClick={() => onDone('')}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function TopologyContent() {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('network.topology.manage');
  const nodes = useQuery({ ...trpc.network.topology.list.queryOptions(), retry: retryUnlessRefused });
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), enabled: can('network.routers.read'), retry: retryUnlessRefused });
  const [editing, setEditing] = useState<TopologyNode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (nodes.isError) return <ErrorNotice error={nodes.error} page />;
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
  const routerName = (id: string | null) => (id ? (routers.data?.find((r) => r.id === id)?.name ?? null) : null);
  const edit = (node: TopologyNode) => {
    setNotice(null);
    setEditing(node);
    document.getElementById(FORM_ID)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const counts = Object.fromEntries(TOPOLOGY_KINDS.map((k) => [k, all.filter((n) => n.kind === k).length])) as Record<TopologyKind, number>;

  return (
    <>
      {notice && (
        <p className="alert ok" role="status" data-testid="topology-saved">
          {notice}
        </p>
      )}
      <section className="card" aria-labelledby="topology-tree-title">
        <div className="card-header">
          <h2 id="topology-tree-title">{nodes.data ? t('topology.count', { olt: counts.olt, odc: counts.odc, odp: counts.odp }) : t('topology.title')}</h2>
        </div>
        {nodes.isPending && <p className="muted">{t('common.loading')}</p>}
        {nodes.data && all.length === 0 && <p className="empty-state">{t('topology.empty')}</p>}
        {all.length > 0 && (
          <ul className="tree tree-root" data-testid="topology-tree">
            {olts.map((n) => (
              <NodeItem key={n.id} node={n} childrenOf={childrenOf} routerName={routerName} canManage={canManage} onEdit={edit} />
            ))}
          </ul>
        )}
        {unattached.length > 0 && (
          <>
            <h3 className="detail-heading">{t('topology.unattached')}</h3>
            <p className="muted small">{t('topology.unattached_hint')}</p>
            <ul className="tree tree-root" data-testid="topology-unattached">
              {unattached.map((n) => (
                <NodeItem key={n.id} node={n} childrenOf={childrenOf} routerName={routerName} canManage={canManage} onEdit={edit} />
              ))}
            </ul>
          </>
        )}
      </section>
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

export function TopologyView() {
  const t = useTranslations();
  return (
    <>
      <h1>{t('topology.title')}</h1>
      <p className="muted">{t('topology.subtitle')}</p>
      <RequirePermission permission="network.topology.read">
        <TopologyContent />
      </RequirePermission>
    </>
  );
}
