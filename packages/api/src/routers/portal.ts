/**
 * portal: the ISP's subscribers at /portal/{isp-slug}. Before sign-in (portalPublicProcedure):
 * the ISP's brand, a one-time code by WhatsApp, the code → the portal cookie. Signed in
 * (portalProcedure, a portal session only): service, invoices and receipts, paying,
 * outages, tickets, contact details and preferences — each in core/portal under the
 * customer scope. Operators' procedures never accept the portal cookie, and these never
 * accept an operator's session.
 */
import { z } from 'zod';
import {
  portalBrandSchema,
  portalChallengeSchema,
  portalContactInput,
  portalInvoiceDetailSchema,
  portalInvoiceIdInput,
  portalInvoiceSchema,
  portalOutageSchema,
  portalPaymentLinkSchema,
  portalPhoneChangeInput,
  portalPhoneConfirmInput,
  portalPreferencesInput,
  portalReceiptSchema,
  portalServiceSchema,
  portalSignInStartInput,
  portalSignInVerifyInput,
  portalSignedInSchema,
  portalSlugInput,
  portalTicketCommentInput,
  portalTicketCreateInput,
  portalTicketDetailSchema,
  portalTicketIdInput,
  portalTicketSchema,
} from '@rrnet/contracts';
import {
  commentOnTicket,
  myInvoice,
  myInvoices,
  myOutages,
  myReceipts,
  myService,
  myTicket,
  myTickets,
  openTicket,
  payInvoice,
  setPreferences,
  updateContact,
} from '@rrnet/core/portal/portal';
import { confirmPhoneChange, requirePortalTenant, signOut, startPhoneChange, startSignIn, verifySignIn } from '@rrnet/core/portal/portal_auth';
import { PORTAL_COOKIE } from '@rrnet/core/portal/portal_rules';
import { clientInfo } from '../context';
import { portalCookie } from '../middleware/portal_session';
import { limitPortalCodes } from '../middleware/rate_limit';
import { createTRPCRouter, portalProcedure, portalPublicProcedure } from '../procedures';

export const portalRouter = createTRPCRouter({
  brand: portalPublicProcedure
    .input(portalSlugInput)
    .output(portalBrandSchema)
    .query(async ({ ctx, input }) => {
      const { tenant_id: _id, ...brand } = await requirePortalTenant(ctx.services.systemSql, input.slug);
      return brand;
    }),

  requestCode: portalPublicProcedure
    .input(portalSignInStartInput)
    .output(portalChallengeSchema)
    .mutation(async ({ ctx, input }) => {
      await limitPortalCodes(ctx, 'send');
      const tenant = await requirePortalTenant(ctx.services.systemSql, input.slug);
      return startSignIn(ctx.services.sql, tenant.tenant_id, input.identifier, clientInfo(ctx));
    }),

  verifyCode: portalPublicProcedure
    .input(portalSignInVerifyInput)
    .output(portalSignedInSchema)
    .mutation(async ({ ctx, input }) => {
      await limitPortalCodes(ctx, 'verify');
      const tenant = await requirePortalTenant(ctx.services.systemSql, input.slug);
      const session = await verifySignIn(ctx.services.sql, tenant.tenant_id, input, clientInfo(ctx));
      const seconds = (session.expires_at.getTime() - Date.now()) / 1000;
      ctx.resHeaders?.append('Set-Cookie', portalCookie(PORTAL_COOKIE, session.token, seconds, ctx.services.portalCookieSecure ?? false));
      return { customer_name: session.customer_name, expires_at: session.expires_at };
    }),

  signOut: portalProcedure.output(z.object({ signed_out: z.literal(true) })).mutation(async ({ ctx }) => {
    const result = await signOut(ctx.portal);
    ctx.resHeaders?.append('Set-Cookie', portalCookie(PORTAL_COOKIE, '', 0, ctx.services.portalCookieSecure ?? false));
    return result;
  }),

  service: portalProcedure.output(portalServiceSchema).query(({ ctx }) => myService(ctx.portal)),

  invoices: portalProcedure.output(z.array(portalInvoiceSchema)).query(({ ctx }) => myInvoices(ctx.portal)),
  invoice: portalProcedure
    .input(portalInvoiceIdInput)
    .output(portalInvoiceDetailSchema)
    .query(({ ctx, input }) => myInvoice(ctx.portal, input.id)),
  receipts: portalProcedure.output(z.array(portalReceiptSchema)).query(({ ctx }) => myReceipts(ctx.portal)),
  pay: portalProcedure
    .meta({ feature: 'payment_gateway' })
    .input(portalInvoiceIdInput)
    .output(portalPaymentLinkSchema)
    .mutation(({ ctx, input }) => payInvoice(ctx.portal, ctx.services.network, input.id, { snapBaseUrl: ctx.services.midtransSnapUrl ?? undefined })),

  outages: portalProcedure.output(z.array(portalOutageSchema)).query(({ ctx }) => myOutages(ctx.portal)),

  tickets: portalProcedure.output(z.array(portalTicketSchema)).query(({ ctx }) => myTickets(ctx.portal)),
  ticket: portalProcedure
    .input(portalTicketIdInput)
    .output(portalTicketDetailSchema)
    .query(({ ctx, input }) => myTicket(ctx.portal, input.id)),
  openTicket: portalProcedure
    .input(portalTicketCreateInput)
    .output(portalTicketDetailSchema)
    .mutation(({ ctx, input }) => openTicket(ctx.portal, input)),
  comment: portalProcedure
    .input(portalTicketCommentInput)
    .output(portalTicketDetailSchema)
    .mutation(({ ctx, input }) => commentOnTicket(ctx.portal, input)),

  updateContact: portalProcedure
    .input(portalContactInput)
    .output(portalServiceSchema)
    .mutation(({ ctx, input }) => updateContact(ctx.portal, input)),
  requestPhoneChange: portalProcedure
    .input(portalPhoneChangeInput)
    .output(portalChallengeSchema)
    .mutation(async ({ ctx, input }) => {
      await limitPortalCodes(ctx, 'send');
      return startPhoneChange(ctx.portal, input.phone, clientInfo(ctx));
    }),
  confirmPhoneChange: portalProcedure
    .input(portalPhoneConfirmInput)
    .output(z.object({ phone: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await limitPortalCodes(ctx, 'verify');
      return confirmPhoneChange(ctx.portal, input);
    }),
  setPreferences: portalProcedure
    .input(portalPreferencesInput)
    .output(portalServiceSchema)
    .mutation(({ ctx, input }) => setPreferences(ctx.portal, input)),
});
