/**
 * WhatsApp templates (pure): which variables a template may use, refusing unknown ones
 * on save, rendering with values, and the Cloud API's ordered body parameters. The SQL
 * functions sys_wa_render / sys_wa_params (drizzle/0024) do the same for set-based
 * writers; a test holds the two to each other.
 */
import { DEFAULT_WA_TEMPLATES, WA_COMMON_VARIABLES, WA_REMINDER_CODES, WA_TEMPLATE_VARIABLES, WA_URGENT_CODES, fieldMessage } from '@rrnet/contracts';
import type { ErrorDetails, WaLanguage, WaTemplateCode } from '@rrnet/contracts';

/** `{{ name }}` with optional spaces inside the braces; names are lower snake case. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The variables a template may use: the common ones and its own. */
export function allowedVariables(code: WaTemplateCode): string[] {
  return [...WA_COMMON_VARIABLES, ...WA_TEMPLATE_VARIABLES[code]];
}

/** Variable names in order of appearance (repeats kept). */
export function templateVariables(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** `{{ Name }}` → `{{name}}`, so the stored body renders with exact matching. */
export function normaliseTemplate(body: string): string {
  return body.replace(PLACEHOLDER, (_, name: string) => `{{${name.toLowerCase()}}}`);
}

/**
 * Why a template body cannot be saved, as envelope details (`body`: the message), or
 * null: unknown variables (named, with the allowed ones), unbalanced braces.
 */
export function templateProblems(code: WaTemplateCode, body: string): ErrorDetails | null {
  const normalised = normaliseTemplate(body);
  const allowed = allowedVariables(code);
  const unknown = [...new Set(templateVariables(normalised).filter((v) => !allowed.includes(v)))];
  if (unknown.length > 0) {
    return { body: fieldMessage('template_variables', { unknown: unknown.map((v) => `{{${v}}}`).join(', '), allowed: allowed.map((v) => `{{${v}}}`).join(', ') }) };
  }
  const leftover = normalised.replace(/\{\{[a-z_][a-z0-9_]*\}\}/g, '');
  if (leftover.includes('{{') || leftover.includes('}}')) return { body: 'Unbalanced braces: write variables as {{name}}' };
  return null;
}

/** Fills `{{key}}` with its value ('' when missing) and removes any placeholder left. */
export function renderTemplate(body: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return body.replace(/\{\{([a-z_][a-z0-9_]*)\}\}/g, (_, key: string) => values[key] ?? '');
}

/** The Cloud API body parameters: each placeholder's value in order ('-' for an empty one, which Meta refuses). */
export function templateParams(body: string, values: Readonly<Record<string, string | null | undefined>>): string[] {
  return [...body.matchAll(/\{\{([a-z_][a-z0-9_]*)\}\}/g)].map((m) => values[m[1]!] || '-');
}

/** The shipped text of a template. */
export function defaultTemplate(code: WaTemplateCode, language: WaLanguage): string {
  return DEFAULT_WA_TEMPLATES[code][language];
}

/** The name the template is approved under at Meta (Cloud API): one per code and language. */
export function cloudTemplateName(code: string): string {
  return `rrnet_${code}`;
}

/** Urgent notices pass quiet hours and opt-out. */
export function isUrgent(code: string): boolean {
  return (WA_URGENT_CODES as readonly string[]).includes(code);
}

/** Reminders are what a subscriber may opt out of. */
export function isReminder(code: string): boolean {
  return (WA_REMINDER_CODES as readonly string[]).includes(code);
}

/**
 * The subscriber's preference that can hold a notice back (a column of tenant_customers):
 * reminders, ticket updates; null for everything they cannot opt out of.
 */
export function optOutPreference(code: string): 'wa_opt_out_reminders' | 'wa_opt_out_ticket_updates' | null {
  if (isUrgent(code)) return null;
  if (isReminder(code)) return 'wa_opt_out_reminders';
  return code === 'ticket_update' ? 'wa_opt_out_ticket_updates' : null;
}

/** Sample values for a preview without a customer. */
export function sampleValues(code: WaTemplateCode, companyName: string): Record<string, string> {
  const all: Record<string, string> = {
    name: 'Budi Santoso',
    customer_code: 'C-0001',
    company_name: companyName,
    number: 'INV-202612-00001',
    amount: 'Rp 150.000',
    period: '01/11/2026 - 30/11/2026',
    due_date: '10/12/2026',
    payment_link: 'https://pay.example/INV-202612-00001',
    days_left: '3',
    days_overdue: '2',
    paid_at: '05/12/2026',
    receipt: 'KW-0001',
    title: 'Kabel fiber putus',
    area: 'ODP Melati 3',
    started_at: '05/12/2026 09:00',
    resolved_at: '05/12/2026 13:30',
    ticket_number: 'T-0042',
    ticket_status: 'selesai',
    message: 'Teknisi sudah memperbaiki perangkat Anda.',
  };
  return Object.fromEntries(allowedVariables(code).map((v) => [v, all[v] ?? '']));
}
