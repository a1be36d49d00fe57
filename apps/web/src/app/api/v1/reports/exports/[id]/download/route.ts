/**
 * GET /api/v1/reports/exports/{id}/download: a completed export's file, streamed piece by
 * piece from tenant_report_chunks (one short tenant transaction per piece, so neither the
 * route nor the pool holds the whole file). Who may download is decided by the tRPC chain:
 * `reports.exports.file` runs authentication, tenant, rate limit, the reports feature and
 * reports.reports.read, and answers 409 while the export is not ready.
 */
import { TRPCError } from '@trpc/server';
import { createCaller } from '@rrnet/api';
import { readExportChunk } from '@rrnet/core/reports/exports';
import { withTenant } from '@rrnet/db';
import { requestIds, withRequestContext } from '~/server/request_context';
import { failFrom } from '~/server/respond';
import { services } from '~/server/services';
import { createContext } from '~/server/trpc_context';

export const dynamic = 'force-dynamic';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    const { id } = await params;
    try {
      const caller = createCaller(await createContext(req, ids, null, false));
      const file = await caller.reports.exports.file({ id });
      const pool = services().sql;
      let seq = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (seq >= file.chunks) return controller.close();
          const piece = await withTenant(pool, { tenantId: file.tenant_id, requestId: ids.requestId }, (tx) => readExportChunk(tx, id, seq));
          seq += 1;
          if (piece) controller.enqueue(new Uint8Array(piece));
          else controller.error(new Error(`export ${id} lost piece ${seq - 1}`));
        },
      });
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[file.format],
          'content-disposition': `attachment; filename="${file.file_name}"`,
          'content-length': String(file.byte_size),
          'cache-control': 'private, no-store',
          'x-request-id': ids.requestId,
        },
      });
    } catch (err) {
      return failFrom(err instanceof TRPCError && err.cause ? err.cause : err, ids.requestId);
    }
  });
}
