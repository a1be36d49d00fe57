'use client';
/**
 * Permissions chosen from the catalogue, grouped by module, each with its translated name
 * and its code: an API key's permissions and a custom role's. Optional "all" / "none".
 */
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { Permission } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { FieldDescription, FieldError, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import type { MessageKey } from '~/i18n/catalog';

type PermissionModule = Permission extends `${infer M}.${string}` ? M : never;

const moduleLabel = (permission: Permission): MessageKey => `permission.module.${permission.split('.')[0] as PermissionModule}`;

export function PermissionPicker({
  permissions,
  chosen,
  onChange,
  legend,
  hint,
  error,
  quickSelect,
}: {
  /** the permissions that may be chosen, in catalogue order */
  permissions: readonly Permission[];
  chosen: readonly string[];
  onChange: (next: Permission[]) => void;
  legend: ReactNode;
  hint: ReactNode;
  error: string | undefined;
  /** labels of the "all" and "none" buttons, when offered */
  quickSelect?: { all: string; none: string };
}) {
  const t = useTranslations();
  const selected = new Set(chosen);
  const groups = new Map<MessageKey, Permission[]>();
  for (const p of permissions) groups.set(moduleLabel(p), [...(groups.get(moduleLabel(p)) ?? []), p]);
  const toggle = (p: Permission, on: boolean) => onChange(permissions.filter((x) => (x === p ? on : selected.has(x))));
  return (
    <FieldSet className="rounded-lg border p-4" aria-invalid={error ? true : undefined}>
      <FieldLegend className="px-1">{legend}</FieldLegend>
      <FieldDescription>{hint}</FieldDescription>
      {quickSelect && (
        <div className="flex flex-wrap gap-3">
          <Button variant="link" size="sm" onClick={() => onChange([...permissions])}>
            {quickSelect.all}
          </Button>
          <Button variant="link" size="sm" onClick={() => onChange([])}>
            {quickSelect.none}
          </Button>
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {[...groups.entries()].map(([group, list]) => (
          <div key={group} className="grid min-w-0 content-start" data-testid="permission-group">
            <div className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{t(group)}</div>
            {list.map((p) => (
              <Checkbox
                key={p}
                name={p}
                checked={selected.has(p)}
                onChange={(e) => toggle(p, e.target.checked)}
                label={
                  <>
                    {t(`permission.${p}`)} <code className="text-xs break-all text-muted-foreground">{p}</code>
                  </>
                }
              />
            ))}
          </div>
        ))}
      </div>
      <FieldError>{error}</FieldError>
    </FieldSet>
  );
}
