'use client';
/**
 * One audit event's values, folded: the summary says how many fields changed; opened, a
 * field | before | after table (changed fields first and marked, for an UPDATE), or the
 * event's details alone for an INSERT, a DELETE or an auth/admin event.
 */
import { useTranslations } from 'next-intl';
import type { AuditEvent } from '@rrnet/contracts';
import { cn } from '@rrnet/ui/cn';

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function AuditValues({ event }: { event: AuditEvent }) {
  const t = useTranslations('audit');
  const { old_values: before, new_values: after, changed_keys: changed } = event;
  if (!before && !after) return <span className="text-muted-foreground">{t('none')}</span>;
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const ordered = [...changed, ...keys.filter((k) => !changed.includes(k)).sort()];
  const both = before !== null && after !== null;
  return (
    <details className="group w-full min-w-0 text-left" data-testid="audit-values">
      <summary className="cursor-pointer text-sm font-medium text-primary select-none hover:underline">
        {both ? t('changed', { count: changed.length }) : t('show_values')}
      </summary>
      <div className="mt-2 max-w-full overflow-x-auto">
        <table className="w-full border-collapse text-xs">
          <thead>
            <tr className="text-muted-foreground">
              <th scope="col" className="px-2 py-1 text-left font-semibold">
                {t('field')}
              </th>
              {before && (
                <th scope="col" className="px-2 py-1 text-left font-semibold">
                  {t('old')}
                </th>
              )}
              {after && (
                <th scope="col" className="px-2 py-1 text-left font-semibold">
                  {t('new')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {ordered.map((key) => {
              const isChanged = both && changed.includes(key);
              return (
                <tr key={key} className={cn('border-t align-top', isChanged && 'bg-warning/10')} data-changed={isChanged ? 'true' : undefined}>
                  <th scope="row" className="px-2 py-1 text-left font-mono font-normal whitespace-nowrap">
                    {key}
                  </th>
                  {before && <td className={cn('px-2 py-1 font-mono break-all', isChanged && 'text-destructive line-through decoration-destructive/40')}>{show(before[key])}</td>}
                  {after && <td className={cn('px-2 py-1 font-mono break-all', isChanged && 'text-success')}>{show(after[key])}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
