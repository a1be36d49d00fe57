/** The tasks this worker runs: catalogue name → handler, each wrapped by makeTask. */
import type { TaskList } from 'graphile-worker';
import { makeTask } from '@rrnet/jobs';
import type { TaskDeps } from '@rrnet/jobs';
import { registerIsolirHooks } from '@rrnet/core/isolir/isolir';
import { registerNotificationHooks } from '@rrnet/core/notifications/hooks';
import { analytics } from './tasks/analytics';
import { analyticsFanout } from './tasks/analytics_fanout';
import { auditMaintenance } from './tasks/audit_maintenance';
import { billingCycle } from './tasks/billing_cycle';
import { billingCycleFanout } from './tasks/billing_cycle_fanout';
import { billingIsolir, billingIsolirBatch } from './tasks/billing_isolir';
import { cleanupJobs } from './tasks/cleanup_jobs';
import { isolirSweep } from './tasks/isolir_sweep';
import { outagePropagation } from './tasks/outage_propagation';
import { keyRotation } from './tasks/key_rotation';
import { paymentProcessing } from './tasks/payment_processing';
import { customerImport } from './tasks/customer_import';
import { pppoeProvision } from './tasks/pppoe_provision';
import { reportGeneration } from './tasks/report_generation';
import { saasBilling } from './tasks/saas_billing';
import { saasDunning } from './tasks/saas_dunning';
import { routerSync } from './tasks/router_sync';
import { routerSyncFanout } from './tasks/router_sync_fanout';
import { waNotifications } from './tasks/wa_notifications';
import { waReminders } from './tasks/wa_reminders';
import { waRemindersFanout } from './tasks/wa_reminders_fanout';
import type { WorkerServices } from './services';

export function buildTaskList(deps: TaskDeps, services: WorkerServices): TaskList {
  // payment_processing settles invoices: isolir's restore listens for that
  registerIsolirHooks();
  // ...and the payment receipt
  registerNotificationHooks();
  return {
    analytics: makeTask('analytics', analytics, deps),
    analytics_fanout: makeTask('analytics_fanout', analyticsFanout, deps),
    cleanup_jobs: makeTask('cleanup_jobs', cleanupJobs, deps),
    audit_maintenance: makeTask('audit_maintenance', auditMaintenance, deps),
    key_rotation: makeTask('key_rotation', keyRotation(services), deps),
    router_sync: makeTask('router_sync', routerSync(services), deps),
    router_sync_fanout: makeTask('router_sync_fanout', routerSyncFanout, deps),
    pppoe_provision: makeTask('pppoe_provision', pppoeProvision(services), deps),
    customer_import: makeTask('customer_import', customerImport(services), deps),
    billing_cycle: makeTask('billing_cycle', billingCycle, deps),
    billing_cycle_fanout: makeTask('billing_cycle_fanout', billingCycleFanout, deps),
    saas_billing: makeTask('saas_billing', saasBilling, deps),
    saas_dunning: makeTask('saas_dunning', saasDunning(services), deps),
    isolir_sweep: makeTask('isolir_sweep', isolirSweep, deps),
    billing_isolir: makeTask('billing_isolir', billingIsolir(services), deps),
    billing_isolir_batch: makeTask('billing_isolir_batch', billingIsolirBatch(services), deps),
    payment_processing: makeTask('payment_processing', paymentProcessing(services), deps),
    outage_propagation: makeTask('outage_propagation', outagePropagation, deps),
    wa_notifications: makeTask('wa_notifications', waNotifications(services), deps),
    wa_reminders: makeTask('wa_reminders', waReminders, deps),
    wa_reminders_fanout: makeTask('wa_reminders_fanout', waRemindersFanout, deps),
    report_generation: makeTask('report_generation', reportGeneration, deps),
  };
}
