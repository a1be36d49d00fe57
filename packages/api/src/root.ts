/** The app router: one entry per module, each a plain record of procedures. */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { billingRouter } from './routers/billing';
import { isolirRouter } from './routers/isolir';
import { customersRouter } from './routers/customers';
import { mapsRouter } from './routers/maps';
import { networkRouter } from './routers/network';
import { notificationsRouter } from './routers/notifications';
import { outagesRouter } from './routers/outages';
import { ticketsRouter } from './routers/tickets';
import { platformRouter } from './routers/platform';
import { portalRouter } from './routers/portal';
import { reportsRouter } from './routers/reports';
import { saasRouter } from './routers/saas';
import { systemRouter } from './routers/system';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  system: systemRouter,
  auth: authRouter,
  admin: adminRouter,
  platform: platformRouter,
  network: networkRouter,
  customers: customersRouter,
  maps: mapsRouter,
  billing: billingRouter,
  isolir: isolirRouter,
  notifications: notificationsRouter,
  reports: reportsRouter,
  outages: outagesRouter,
  tickets: ticketsRouter,
  portal: portalRouter,
  saas: saasRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
