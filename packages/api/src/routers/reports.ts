/**
 * reports: the ISP's analytics for a period of its calendar beside the previous period,
 * and background exports (report_generation) with their progress (feature `reports`;
 * reports.reports.read to read and download, reports.reports.generate to ask for one).
 * The file itself is streamed by the web app's download route after `exports.file`.
 */
import { z } from 'zod';
import { reportExportCreateInput, reportExportIdInput, reportExportSchema, reportOverviewSchema, reportPeriodInput } from '@rrnet/contracts';
import { localDay } from '@rrnet/core/billing/cycle';
import { exportFile, getExport, listExports, requestExport } from '@rrnet/core/reports/exports';
import { reportOverview } from '@rrnet/core/reports/overview';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const tags = ['reports'];
const feature = 'reports' as const;

export const reportsRouter = createTRPCRouter({
  overview: tenantProcedure
    .meta({
      permission: 'reports.reports.read',
      feature,
      openapi: {
        method: 'GET',
        path: '/reports/overview',
        tags,
        summary: 'Analytics for a period',
        description:
          'Revenue by month and plan, collection rate, arrears ageing (0–30, 31–60, 61–90, over 90 days past due, as of the period\'s last day or today), customer growth (new, churned, net; by plan and ODP), isolations and restores, average days to pay and WhatsApp delivery for a period of the ISP\'s calendar (this month, last month, the last 3 or 12 months, or custom from–to, both days included), and the same figures for the period before it; plus the routers\' last sync.',
      },
    })
    .input(reportPeriodInput)
    .output(reportOverviewSchema)
    .query(({ ctx, input }) => reportOverview(ctx.tx, ctx.tenant.tenant_id, ctx.tenant.timezone, input, localDay(ctx.tenant.timezone))),

  exports: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'reports.reports.read', feature, openapi: { method: 'GET', path: '/reports/exports', tags, summary: 'List exports', description: 'The ISP\'s latest 20 exports that have not expired, newest first, with status and progress (rows written of rows counted).' } })
      .input(z.strictObject({}).optional())
      .output(z.array(reportExportSchema))
      .query(({ ctx }) => listExports(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'reports.reports.generate', feature, openapi: { method: 'POST', path: '/reports/exports', tags, summary: 'Request an export', description: 'Queues an export of the customers list, the invoices issued in a period (default this month) or the arrears, as CSV or XLSX. The report_generation job writes it in the background; follow its progress with GET /reports/exports/{id}. Personal data is masked unless the requester may see it (customers.pii.read). Files are kept 7 days.' } })
      .input(reportExportCreateInput)
      .output(reportExportSchema)
      .mutation(({ ctx, input }) =>
        requestExport(
          ctx.tx,
          { tenantId: ctx.tenant.tenant_id, userId: ctx.principal.userId, timezone: ctx.tenant.timezone, unmasked: ctx.principal.permissions.includes('customers.pii.read') },
          input,
          localDay(ctx.tenant.timezone),
        ),
      ),
    get: tenantProcedure
      .meta({ permission: 'reports.reports.read', feature, openapi: { method: 'GET', path: '/reports/exports/{id}', tags, summary: 'Get an export', description: 'One export: status (queued, running, completed, failed), rows counted and written, progress, file name and size once completed, the error of a failed one, and when it expires.' } })
      .input(reportExportIdInput)
      .output(reportExportSchema)
      .query(({ ctx, input }) => getExport(ctx.tx, input.id)),
    /** what the download route needs to stream a completed export (tRPC only) */
    file: tenantProcedure
      .meta({ permission: 'reports.reports.read', feature })
      .input(reportExportIdInput)
      .output(z.object({ tenant_id: z.uuid(), file_name: z.string(), format: z.enum(['csv', 'xlsx']), byte_size: z.number().int(), chunks: z.number().int() }))
      .query(async ({ ctx, input }) => ({ tenant_id: ctx.tenant.tenant_id, ...(await exportFile(ctx.tx, input.id)) })),
  }),
});
