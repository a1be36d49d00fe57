export { appRouter, createCaller } from './root';
export type { AppRouter, RouterInputs, RouterOutputs } from './root';
export { classifyError, toTrpcError } from './trpc';
export type { ApiServices, Context } from './trpc';
