/**
 * notifications: WhatsApp templates (list, save with variable checks, reset, preview with
 * a real customer), the message log (filters, keyset pages, retry), a test message, the
 * gateway settings (credentials write-only), a subscriber's reminder opt-out, stats.
 * Phone numbers are masked without customers.pii.read, as on the customer pages.
 */
import { z } from 'zod';
import {
  WA_LANGUAGES,
  WA_TEMPLATE_CODES,
  waIdInput,
  waMessageListInput,
  waMessagePageSchema,
  waMessageSchema,
  waOptOutInput,
  waSendTestInput,
  waSettingsInput,
  waSettingsSchema,
  waStatsReportSchema,
  waTemplatePreviewInput,
  waTemplatePreviewSchema,
  waTemplateSaveInput,
  waTemplateSchema,
} from '@rrnet/contracts';
import type { Permission, WaMessage } from '@rrnet/contracts';
import { registerNotificationHooks } from '@rrnet/core/notifications/hooks';
import { getMessage, listMessages, retryFailedMessage, sendTestMessage, setReminderOptOut, waStatsReport } from '@rrnet/core/notifications/messages';
import { getWaSettings, updateWaSettings } from '@rrnet/core/notifications/settings';
import { listTemplates, previewTemplate, resetTemplate, saveTemplate } from '@rrnet/core/notifications/templates';
import { lockAndCount } from '@rrnet/core/saas/plan_limits';
import { maskPii } from '@rrnet/logger';
import { createTRPCRouter, tenantProcedure } from '../procedures';

// payments announce settlements; the receipt must be listening in every process that serves them
registerNotificationHooks();

const tags = ['notifications'];
const feature = 'notifications' as const;
const noInput = z.strictObject({}).optional();

function masked(m: WaMessage, permissions: readonly Permission[]): WaMessage {
  return permissions.includes('customers.pii.read') ? m : { ...m, to_phone: maskPii(m.to_phone) };
}

export const notificationsRouter = createTRPCRouter({
  templates: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'notifications.messages.read', feature, openapi: { method: 'GET', path: '/notifications/templates', tags, summary: 'List WhatsApp templates', description: 'The ISP\'s message templates per code and language (id, en), with the variables each may use; codes without an edited template show the shipped default.' } })
      .input(noInput)
      .output(z.array(waTemplateSchema))
      .query(({ ctx }) => listTemplates(ctx.tx)),
    save: tenantProcedure
      .meta({ permission: 'notifications.templates.manage', feature, openapi: { method: 'PUT', path: '/notifications/templates', tags, summary: 'Save a WhatsApp template', description: 'Replaces the body of one template (code and language). A variable the template\'s code does not offer is refused with VALIDATION_FAILED naming it.' } })
      .input(waTemplateSaveInput)
      .output(waTemplateSchema)
      .mutation(({ ctx, input }) => saveTemplate(ctx.tx, input)),
    reset: tenantProcedure
      .meta({ permission: 'notifications.templates.manage', feature, openapi: { method: 'POST', path: '/notifications/templates/reset', tags, summary: 'Reset a template to the default', description: 'Puts the shipped default body back for one template code and language.' } })
      .input(z.strictObject({ code: z.enum(WA_TEMPLATE_CODES), language: z.enum(WA_LANGUAGES) }))
      .output(waTemplateSchema)
      .mutation(({ ctx, input }) => resetTemplate(ctx.tx, input.code, input.language)),
    preview: tenantProcedure
      .meta({ permission: 'notifications.messages.read', feature, openapi: { method: 'POST', path: '/notifications/templates/preview', tags, summary: 'Preview a template', description: 'Renders a template body with a real customer\'s data (their latest invoice, plan and ISP), without sending or saving anything.' }, errors: ['NOT_FOUND'] })
      .input(waTemplatePreviewInput)
      .output(waTemplatePreviewSchema)
      .mutation(({ ctx, input }) => previewTemplate(ctx.tx, input)),
  }),

  messages: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'notifications.messages.read', feature, openapi: { method: 'GET', path: '/notifications/messages', tags, summary: 'List WhatsApp messages', description: 'The outbox and its delivery log, newest first in keyset pages, filtered by status, customer, template and date; phone numbers are masked without customers.pii.read.' } })
      .input(waMessageListInput)
      .output(waMessagePageSchema)
      .query(async ({ ctx, input }) => {
        const page = await listMessages(ctx.tx, input);
        return { ...page, items: page.items.map((m) => masked(m, ctx.principal.permissions)) };
      }),
    get: tenantProcedure
      .meta({ permission: 'notifications.messages.read', feature, openapi: { method: 'GET', path: '/notifications/messages/{id}', tags, summary: 'Get a WhatsApp message', description: 'One message with its body, gateway, provider message id, attempts and delivery timeline (sent, delivered, read or failed with the gateway\'s error).' } })
      .input(waIdInput)
      .output(waMessageSchema)
      .query(async ({ ctx, input }) => masked(await getMessage(ctx.tx, input.id), ctx.principal.permissions)),
    retry: tenantProcedure
      .meta({ permission: 'notifications.messages.send', feature, openapi: { method: 'POST', path: '/notifications/messages/{id}/retry', tags, summary: 'Retry a failed message', description: 'Queues a failed message again (a new attempt through the ISP\'s gateway, or its fallback); a message that is not failed is 409.' }, errors: ['CONFLICT'] })
      .input(waIdInput)
      .output(waMessageSchema)
      .mutation(async ({ ctx, input }) => masked(await retryFailedMessage(ctx.tx, ctx.tenant.tenant_id, input.id), ctx.principal.permissions)),
    sendTest: tenantProcedure
      .meta({ permission: 'notifications.messages.send', feature, openapi: { method: 'POST', path: '/notifications/test-messages', tags, summary: 'Send a test message', description: 'Sends one test WhatsApp message to a number through the ISP\'s configured gateway, to check the gateway settings; it goes through the outbox like any message (quota and pacing apply).' }, errors: ['CONFLICT'] })
      .input(waSendTestInput)
      .output(waMessageSchema)
      .mutation(async ({ ctx, input }) => masked(await sendTestMessage(ctx.tx, ctx.tenant.tenant_id, input, ctx.requestId), ctx.principal.permissions)),
  }),

  settings: createTRPCRouter({
    get: tenantProcedure
      .meta({ permission: 'admin.settings.read', feature, openapi: { method: 'GET', path: '/notifications/settings', tags, summary: 'Get WhatsApp settings', description: 'The ISP\'s gateway (kind, sender number, fallback), quiet hours, reminder days and this month\'s usage against the plan quota; credentials are never returned.' } })
      .input(noInput)
      .output(waSettingsSchema)
      .query(async ({ ctx }) => {
        const used = await lockAndCount(ctx.tx, ctx.tenant.tenant_id, 'wa_messages_month', ctx.tenant.timezone);
        return getWaSettings(ctx.tx, { platformDefault: ctx.services.waPlatformDefault ?? null }, { used, max: ctx.tenant.limits.wa_messages_month });
      }),
    update: tenantProcedure
      .meta({ permission: 'admin.settings.manage', feature, openapi: { method: 'PATCH', path: '/notifications/settings', tags, summary: 'Change WhatsApp settings', description: 'Changes the gateway, its credentials (stored encrypted), the fallback gateway, quiet hours and reminder days; omitted fields keep their value.' } })
      .input(waSettingsInput)
      .output(waSettingsSchema)
      .mutation(async ({ ctx, input }) => {
        await updateWaSettings(ctx.tx, { secretBox: ctx.services.network.secretBox }, input);
        const used = await lockAndCount(ctx.tx, ctx.tenant.tenant_id, 'wa_messages_month', ctx.tenant.timezone);
        return getWaSettings(ctx.tx, { platformDefault: ctx.services.waPlatformDefault ?? null }, { used, max: ctx.tenant.limits.wa_messages_month });
      }),
  }),

  optOut: tenantProcedure
    .meta({ permission: 'customers.customers.manage', feature, openapi: { method: 'POST', path: '/notifications/opt-outs', tags, summary: 'Opt a customer out of reminders', description: 'Stops (or resumes) payment reminders to one customer; required notices such as isolir and restore are still sent.' }, errors: ['NOT_FOUND'] })
    .input(waOptOutInput)
    .output(z.object({ customer_id: z.string().uuid(), opt_out: z.boolean() }))
    .mutation(({ ctx, input }) => setReminderOptOut(ctx.tx, input.customer_id, input.opt_out)),

  stats: tenantProcedure
    .meta({ permission: 'notifications.messages.read', feature, openapi: { method: 'GET', path: '/notifications/stats', tags, summary: 'WhatsApp delivery statistics', description: 'Messages by status over the last 30 days of the ISP\'s calendar (today included) and the delivery rate (delivered or read out of those that left), with the same counts per day for the delivery-rate chart.' } })
    .input(noInput)
    .output(waStatsReportSchema)
    .query(({ ctx }) => waStatsReport(ctx.tx)),
});
