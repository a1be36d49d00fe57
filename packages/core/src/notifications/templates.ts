/**
 * Templates per ISP and language: the ISP's own text or the shipped default; saving
 * refuses unknown variables (VALIDATION_FAILED naming them); a preview renders with a real
 * customer's data (their latest invoice) or sample values.
 */
import { AppError, WA_LANGUAGES, WA_TEMPLATE_CODES, serverMessage } from '@rrnet/contracts';
import type { WaLanguage, WaTemplate, WaTemplateCode, WaTemplateSaveInput } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { invoiceValuesSql, loadWaConfig } from './outbox';
import { allowedVariables, defaultTemplate, normaliseTemplate, renderTemplate, sampleValues, templateProblems } from './template_rules';

/**
 * Whether the ISP's template differs from the shipped one (every ISP gets rows with the
 * defaults at creation, so "has a row" does not mean "edited").
 */
function isCustomised(code: WaTemplateCode, language: WaLanguage, body: string, isActive: boolean): boolean {
  return body !== defaultTemplate(code, language) || !isActive;
}

export async function listTemplates(tx: TenantTx): Promise<WaTemplate[]> {
  const rows = await tx.sql<{ code: WaTemplateCode; language: WaLanguage; body: string; is_active: boolean }[]>`
    SELECT code, language, body, is_active FROM tenant_wa_templates WHERE code = ANY(${[...WA_TEMPLATE_CODES]}::text[])`;
  const own = new Map(rows.map((r) => [`${r.code}:${r.language}`, r]));
  return WA_TEMPLATE_CODES.flatMap((code) =>
    WA_LANGUAGES.map((language) => {
      const r = own.get(`${code}:${language}`);
      return { code, language, body: r?.body ?? defaultTemplate(code, language), is_active: r?.is_active ?? true, customised: !!r && isCustomised(code, language, r.body, r.is_active), variables: allowedVariables(code) };
    }),
  );
}

export async function saveTemplate(tx: TenantTx, input: WaTemplateSaveInput): Promise<WaTemplate> {
  const problems = templateProblems(input.code, input.body);
  if (problems) throw new AppError('VALIDATION_FAILED', { message: serverMessage('template_variables'), details: problems });
  const body = normaliseTemplate(input.body);
  await tx.sql`
    INSERT INTO tenant_wa_templates (tenant_id, code, language, body, is_active)
    VALUES (app_current_tenant(), ${input.code}, ${input.language}, ${body}, ${input.is_active})
    ON CONFLICT (tenant_id, code, language) DO UPDATE SET body = EXCLUDED.body, is_active = EXCLUDED.is_active, updated_at = now()`;
  return { code: input.code, language: input.language, body, is_active: input.is_active, customised: isCustomised(input.code, input.language, body, input.is_active), variables: allowedVariables(input.code) };
}

/** Back to the shipped text (the ISP's row removed). */
export async function resetTemplate(tx: TenantTx, code: WaTemplateCode, language: WaLanguage): Promise<WaTemplate> {
  await tx.sql`DELETE FROM tenant_wa_templates WHERE code = ${code} AND language = ${language}`;
  return { code, language, body: defaultTemplate(code, language), is_active: true, customised: false, variables: allowedVariables(code) };
}

/** The shipped templates for an ISP that has none (tenant creation, the seed); existing rows are kept. */
export async function ensureDefaultTemplates(tx: TenantTx): Promise<number> {
  const rows = WA_TEMPLATE_CODES.flatMap((code) => WA_LANGUAGES.map((language) => ({ code, language, body: defaultTemplate(code, language) })));
  const r = await tx.sql`
    INSERT INTO tenant_wa_templates (tenant_id, code, language, body)
    SELECT app_current_tenant(), x.code, x.language, x.body FROM json_to_recordset(${JSON.stringify(rows)}::text::json) AS x(code text, language text, body text)
    ON CONFLICT (tenant_id, code, language) DO NOTHING`;
  return r.count;
}

export async function previewTemplate(
  tx: TenantTx,
  input: { code: WaTemplateCode; language: WaLanguage; body?: string | undefined; customer_id?: string | undefined },
): Promise<{ body: string; values: Record<string, string> }> {
  let body: string;
  if (input.body !== undefined) {
    const problems = templateProblems(input.code, input.body);
    if (problems) throw new AppError('VALIDATION_FAILED', { message: serverMessage('template_variables'), details: problems });
    body = normaliseTemplate(input.body);
  } else {
    const [r] = await tx.sql<{ body: string }[]>`SELECT body FROM tenant_wa_templates WHERE code = ${input.code} AND language = ${input.language}`;
    body = r?.body ?? defaultTemplate(input.code, input.language);
  }
  const cfg = await loadWaConfig(tx);
  let values = sampleValues(input.code, cfg.companyName);
  if (input.customer_id) {
    const [row] = await tx.sql<{ vals: Record<string, string> }[]>`
      SELECT coalesce(v.vals, jsonb_build_object('name', c.name, 'customer_code', c.code, 'company_name', ${cfg.companyName}::text)) AS vals
      FROM tenant_customers c
      LEFT JOIN LATERAL (SELECT i.* FROM tenant_invoices i WHERE i.customer_id = c.id ORDER BY i.period_start DESC LIMIT 1) i ON true
      LEFT JOIN LATERAL (SELECT ${invoiceValuesSql(tx, cfg.companyName, new Date().toISOString().slice(0, 10))} AS vals WHERE i.id IS NOT NULL) v ON true
      WHERE c.id = ${input.customer_id}`;
    if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
    values = { ...values, ...row.vals };
  }
  const allowed = allowedVariables(input.code);
  const shown = Object.fromEntries(Object.entries(values).filter(([k]) => allowed.includes(k)));
  return { body: renderTemplate(body, shown), values: shown };
}
