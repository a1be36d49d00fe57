/**
 * reports: the ISP's analytics for a period of its calendar beside the previous period
 * (reports.reports.read, feature `reports`).
 */
import { reportOverviewSchema, reportPeriodInput } from '@rrnet/contracts';
import { localDay } from '@rrnet/core/billing/cycle';
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
    .query(({ ctx, input }) => reportOverview(ctx.tx, ctx.tenant.timezone, input, localDay(ctx.tenant.timezone))),
});
