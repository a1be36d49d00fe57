export { appRouter, createCaller } from './root';
export type { AppRouter, RouterInputs, RouterOutputs } from './root';
export { classifyError, toTrpcError } from './trpc';
export { clientInfo } from './context';
export type { ApiServices, Context, ProcedureObserver } from './context';
export type { ProcedureMeta } from './meta';
export { RATE_LIMIT_STATS, rejectedNotificationLimit } from './middleware/rate_limit';
export { generateOpenApiDocument } from './openapi';
