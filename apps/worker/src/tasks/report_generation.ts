/** report_generation (normal): one export, written batch by batch into its stored file. */
import { runExport } from '@rrnet/core/reports/exports';
import type { JobHandler } from '@rrnet/jobs';

export const reportGeneration: JobHandler<'report_generation'> = async ({ data, withTenant, logger }) => {
  const result = await runExport(withTenant, data.report_id);
  logger.info({ report_id: data.report_id, ...result }, 'report export finished');
};
