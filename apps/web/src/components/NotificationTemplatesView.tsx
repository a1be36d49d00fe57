'use client';
/**
 * WhatsApp templates per code and language: the editor (the contracts' save schema; a
 * variable the template's code does not offer is refused by the server and shown on the
 * text field), the variables it may use (a click inserts one), reset to the shipped
 * default, and a live preview of the text being typed, filled with a real customer's data
 * (their latest invoice) or with sample values. Below, every template with its state; a
 * row opens it in the editor (?code=…&language=…).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { WA_LANGUAGES, WA_TEMPLATE_CODES, WA_URGENT_CODES, waTemplateSaveInput } from '@rrnet/contracts';
import type { WaLanguage, WaTemplate, WaTemplateCode } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { MutationConfirm } from './MutationConfirm';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterSelect } from '@rrnet/ui/FilterBar';
import { Form, FormField, useServerErrors } from '@rrnet/ui/Form';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { Textarea } from '@rrnet/ui/Textarea';
import { useZodForm } from '~/hooks/useZodForm';
import { useDebouncedValue } from '~/hooks/useDebouncedValue';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { CustomerPicker } from './CustomerPicker';
import type { PickedCustomer } from './CustomerPicker';
import { ErrorNotice, FormErrorNotice } from './ErrorNotice';
import { useTemplateLabel } from './WaMessageStatusBadge';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';
import { choices } from '@rrnet/ui/choices';

const PREVIEW_DEBOUNCE_MS = 400;

export interface TemplateChoice {
  code: WaTemplateCode;
  language: WaLanguage;
}

const templateHref = (c: TemplateChoice) => `/notifications/templates?code=${c.code}&language=${c.language}`;

function Preview({ choice, body }: { choice: TemplateChoice; body: string }) {
  const t = useTranslations('notifications');
  const client = useTRPCClient();
  const { can } = useSessionUser();
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const text = useDebouncedValue(body, PREVIEW_DEBOUNCE_MS);
  const input = { code: choice.code, language: choice.language, ...(text.trim() ? { body: text } : {}), ...(customer ? { customer_id: customer.id } : {}) };
  // a preview changes nothing (it renders and returns): a query keyed by what it renders
  const preview = useQuery({
    queryKey: ['notifications', 'templates', 'preview', input],
    queryFn: () => client.notifications.templates.preview.mutate(input),
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
  });
  return (
    <Card titleId="wa-preview-title" data-testid="wa-preview" title={t('templates.preview.title')} description={t('templates.preview.hint')} action={preview.isFetching && <span className="text-sm text-muted-foreground">{t('templates.preview.updating')}</span>}>
      <CardContent className="grid gap-3">
        {can('customers.customers.read') && <CustomerPicker value={customer} onChange={setCustomer} />}
        {preview.isError ? (
          // the text's own problem (an unknown variable) reads as it does under the field
          fieldErrorsOf(preview.error).body ? (
            <Alert tone="warning" role="status" data-testid="wa-preview-problem">
              {fieldErrorsOf(preview.error).body}
            </Alert>
          ) : (
            <ErrorNotice error={preview.error} />
          )
        ) : preview.data ? (
          <>
            <p className="m-0 rounded-lg rounded-tl-none bg-success/10 p-3 text-sm break-words whitespace-pre-wrap" data-testid="wa-preview-body">
              {preview.data.body}
            </p>
            <p className="m-0 text-xs text-muted-foreground" data-testid="wa-preview-source">
              {customer ? t('templates.preview.for_customer', { name: customer.name }) : t('templates.preview.sample')}
            </p>
          </>
        ) : (
          <Skeleton className="h-20 w-full" />
        )}
      </CardContent>
    </Card>
  );
}

function Editor({ template, onPicked }: { template: WaTemplate; onPicked: (choice: TemplateChoice) => void }) {
  const t = useTranslations('notifications');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const templateLabel = useTemplateLabel();
  const manage = can('notifications.templates.manage');
  const urgent = WA_URGENT_CODES.includes(template.code);
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const form = useZodForm(waTemplateSaveInput, { defaultValues: { code: template.code, language: template.language, body: template.body, is_active: template.is_active } });
  const meta = { invalidates: [trpc.notifications.templates.list.queryKey()] };
  const save = useMutation(
    trpc.notifications.templates.save.mutationOptions({
      meta,
      onSuccess: (saved) => {
        form.reset({ code: saved.code, language: saved.language, body: saved.body, is_active: saved.is_active });
        setNotice(t('templates.saved'));
      },
    }),
  );
  const reset = useMutation(
    trpc.notifications.templates.reset.mutationOptions({
      meta,
      onSuccess: (restored) => {
        setConfirmReset(false);
        form.reset({ code: restored.code, language: restored.language, body: restored.body, is_active: restored.is_active });
        save.reset();
        setNotice(t('templates.reset_done'));
      },
    }),
  );
  const unclaimed = useServerErrors(form, fieldErrorsOf(save.error));
  const body = form.watch('body') ?? '';
  const names = { template: templateLabel(template.code), language: t(`templates.languages.${template.language}`) };

  const insert = (variable: string) => {
    const el = textarea.current;
    const token = `{{${variable}}}`;
    const at = el ? el.selectionStart : body.length;
    const end = el ? el.selectionEnd : body.length;
    form.setValue('body', body.slice(0, at) + token + body.slice(end), { shouldDirty: true, shouldValidate: true });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
      <Card aria-labelledby="wa-editor-title" data-testid="wa-editor" data-code={template.code} data-language={template.language}>
        <CardHeader>
          <CardTitle id="wa-editor-title">{t('templates.editor')}</CardTitle>
          <CardDescription>{t('templates.editing', names)}</CardDescription>
          <CardAction>{template.customised ? <Badge tone="info">{t('templates.customised')}</Badge> : <Badge>{t('templates.default')}</Badge>}</CardAction>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <FilterSelect id="wa-template-code" name="code" label={t('template.label')} value={template.code} options={choices(WA_TEMPLATE_CODES, (c) => templateLabel(c))} onChange={(v) => onPicked({ code: v as WaTemplateCode, language: template.language })} />
            <FilterSelect id="wa-template-language" name="language" label={t('templates.language')} value={template.language} options={choices(WA_LANGUAGES, (l) => t(`templates.languages.${l}`))} onChange={(v) => onPicked({ code: template.code, language: v as WaLanguage })} />
          </div>
          <Form
            form={form}
            className="grid gap-4"
            onSubmit={(values) => {
              setNotice(null);
              save.mutate(values);
            }}
          >
            <FormField name="body" label={t('templates.body')} description={t('templates.body_hint', { example: '{{name}}' })}>
              {(field) => (
                <Textarea
                  {...field}
                  ref={(el) => {
                    field.ref(el);
                    textarea.current = el;
                  }}
                  rows={6}
                  readOnly={!manage}
                  onChange={(e) => {
                    setNotice(null);
                    field.onChange(e);
                  }}
                />
              )}
            </FormField>
            <div className="grid gap-2">
              <h3 className="m-0 text-sm font-medium">{t('templates.variables')}</h3>
              <ul className="m-0 flex list-none flex-wrap gap-1.5 p-0" data-testid="wa-variables">
                {template.variables.map((v) => (
                  <li key={v}>
                    {manage ? (
                      <Button type="button" variant="secondary" size="sm" className="font-mono text-xs" aria-label={t('templates.insert_variable', { variable: `{{${v}}}` })} onClick={() => insert(v)}>
                        {`{{${v}}}`}
                      </Button>
                    ) : (
                      <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{`{{${v}}}`}</code>
                    )}
                  </li>
                ))}
              </ul>
            </div>
            {urgent ? (
              <p className="m-0 text-sm text-muted-foreground" data-testid="wa-urgent">
                {t('templates.urgent_hint')}
              </p>
            ) : (
              <Checkbox label={t('templates.active')} name="is_active" disabled={!manage} checked={form.watch('is_active') ?? true} onChange={(e) => form.setValue('is_active', e.target.checked, { shouldDirty: true })} />
            )}
            <FormErrorNotice error={save.error} unclaimed={unclaimed} onDismiss={() => save.reset()} />
            <DoneNotice data-testid="wa-template-notice">{notice}</DoneNotice>
            {manage && (
              <div className="flex flex-wrap gap-2">
                <SubmitButton pending={save.isPending} pendingLabel={tc('saving')}>
                  {t('templates.save')}
                </SubmitButton>
                <Button type="button" variant="secondary" disabled={!template.customised || reset.isPending} onClick={() => setConfirmReset(true)}>
                  {t('templates.reset')}
                </Button>
              </div>
            )}
          </Form>
        </CardContent>
      </Card>
      <Preview choice={template} body={body} />
      <MutationConfirm
        open={confirmReset}
        mutation={reset}
        onClose={() => setConfirmReset(false)}
        title={t('templates.reset')}
        description={t('templates.reset_question', names)}
        confirmLabel={t('templates.reset_confirm')}
        danger
        onConfirm={() => reset.mutate({ code: template.code, language: template.language })}
      />
    </div>
  );
}

function useTemplateColumns(): ColumnDef<WaTemplate>[] {
  const t = useTranslations('notifications');
  const templateLabel = useTemplateLabel();
  return [
    { id: 'template', header: t('template.label'), cell: ({ row }) => <span className="font-medium">{templateLabel(row.original.code)}</span> },
    { id: 'language', header: t('templates.language'), cell: ({ row }) => t(`templates.languages.${row.original.language}`) },
    {
      id: 'state',
      header: t('status.label'),
      cell: ({ row: { original: w } }) => (
        <span className="inline-flex flex-wrap gap-1">
          {w.customised ? <Badge tone="info">{t('templates.customised')}</Badge> : <Badge>{t('templates.default')}</Badge>}
          {!w.is_active && !WA_URGENT_CODES.includes(w.code) && <Badge tone="warning">{t('templates.off')}</Badge>}
        </span>
      ),
    },
    { id: 'body', header: t('templates.body'), meta: { className: 'max-w-md' }, cell: ({ row }) => <span className="line-clamp-2 text-muted-foreground">{row.original.body}</span> },
  ];
}

export function NotificationTemplatesView({ initial }: { initial: TemplateChoice | null }) {
  const t = useTranslations('notifications');
  const trpc = useTRPC();
  const columns = useTemplateColumns();
  const [choice, setChoice] = useState<TemplateChoice>(initial ?? { code: 'invoice_issued', language: 'id' });
  const list = useQuery({ ...trpc.notifications.templates.list.queryOptions(), retry: retryUnlessRefused });
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  const template = list.data?.find((w) => w.code === choice.code && w.language === choice.language);
  return (
    <>
      {template ? <Editor key={`${template.code}:${template.language}`} template={template} onPicked={setChoice} /> : <Skeleton className="h-80 w-full" />}
      <ListCard query={list} title={t('templates.list')}>
        <DataTable
          testId="wa-templates"
          columns={columns}
          query={list}
          getRowId={(w) => `${w.code}:${w.language}`}
          empty={t('empty')}
          rowHref={templateHref}
          rowProps={(w) => ({ 'data-testid': 'wa-template-row', 'data-code': w.code, 'data-language': w.language, 'data-customised': String(w.customised) })}
        />
      </ListCard>
    </>
  );
}
