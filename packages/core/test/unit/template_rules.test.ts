import { describe, expect, it } from 'vitest';
import { DEFAULT_WA_TEMPLATES, WA_LANGUAGES, WA_TEMPLATE_CODES } from '@rrnet/contracts';
import {
  allowedVariables,
  cloudTemplateName,
  defaultTemplate,
  isReminder,
  isUrgent,
  normaliseTemplate,
  renderTemplate,
  sampleValues,
  templateParams,
  templateProblems,
  templateVariables,
} from '../../src/notifications/template_rules';

describe('template variables', () => {
  it('lists variables in order of appearance, spaces inside braces allowed', () => {
    expect(templateVariables('Halo {{name}}, {{ number }} {{name}}')).toEqual(['name', 'number', 'name']);
    expect(normaliseTemplate('Halo {{ Name }}, {{number}}')).toBe('Halo {{name}}, {{number}}');
  });

  it('allows the common variables and the template’s own', () => {
    expect(allowedVariables('restore_notice')).toEqual(['name', 'customer_code', 'company_name']);
    expect(allowedVariables('payment_reminder')).toContain('days_left');
    expect(allowedVariables('isolir_notice')).not.toContain('days_left');
  });

  it('refuses unknown variables naming them and the allowed ones', () => {
    expect(templateProblems('invoice_issued', 'Halo {{name}}, {{amount}} {{due_date}}')).toBeNull();
    const p = templateProblems('restore_notice', 'Halo {{name}}, tagihan {{number}} {{foo}}');
    expect(p?.body).toMatch(/^Not a variable of this template: \{\{number\}\}, \{\{foo\}\};/);
    expect(p?.body).toMatch(/allowed: \{\{name\}\}/);
    expect(templateProblems('restore_notice', 'Halo {{name}} {{x}}')?.body).toMatch(/^Not a variable of this template: \{\{x\}\};/);
  });

  it('refuses unbalanced braces', () => {
    expect(templateProblems('restore_notice', 'Halo {{name}')).toEqual({ body: 'Unbalanced braces: write variables as {{name}}' });
    expect(templateProblems('restore_notice', 'Halo name}}')).not.toBeNull();
  });

  it('every shipped default uses only its allowed variables, in both languages', () => {
    for (const code of WA_TEMPLATE_CODES) {
      for (const language of WA_LANGUAGES) {
        expect(templateProblems(code, DEFAULT_WA_TEMPLATES[code][language]), `${code}/${language}`).toBeNull();
        expect(defaultTemplate(code, language)).toBe(DEFAULT_WA_TEMPLATES[code][language]);
      }
    }
  });
});

describe('rendering', () => {
  it('fills values, empties missing ones', () => {
    expect(renderTemplate('Halo {{name}}, {{number}} {{missing}}.', { name: 'Budi', number: 'INV-1' })).toBe('Halo Budi, INV-1 .');
    expect(renderTemplate('{{name}}', { name: null })).toBe('');
  });

  it('gives Cloud API parameters in order, "-" for empty values', () => {
    expect(templateParams('Halo {{name}}, {{amount}} {{name}} {{x}}', { name: 'Budi', amount: '' })).toEqual(['Budi', '-', 'Budi', '-']);
    expect(templateParams('no variables', {})).toEqual([]);
  });

  it('samples every allowed variable of a template', () => {
    const v = sampleValues('payment_receipt', 'Sinar Net');
    expect(Object.keys(v).sort()).toEqual(allowedVariables('payment_receipt').sort());
    expect(v.company_name).toBe('Sinar Net');
    expect(renderTemplate(DEFAULT_WA_TEMPLATES.payment_receipt.id, v)).not.toMatch(/\{\{/);
  });
});

describe('kinds', () => {
  it('urgent notices pass quiet hours and opt-out; reminders can be opted out of', () => {
    expect(isUrgent('isolir_notice')).toBe(true);
    expect(isUrgent('restore_notice')).toBe(true);
    expect(isUrgent('outage_started')).toBe(true);
    expect(isUrgent('payment_reminder')).toBe(false);
    expect(isReminder('payment_reminder')).toBe(true);
    expect(isReminder('overdue')).toBe(true);
    expect(isReminder('isolir_notice')).toBe(false);
    expect(cloudTemplateName('isolir_notice')).toBe('rrnet_isolir_notice');
  });
});
