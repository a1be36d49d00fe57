/** The tasks this worker runs: catalogue name → handler, each wrapped by makeTask. */
import type { TaskList } from 'graphile-worker';
import { makeTask } from '@rrnet/jobs';
import type { TaskDeps } from '@rrnet/jobs';
import { analytics } from './tasks/analytics';
import { analyticsFanout } from './tasks/analytics_fanout';
import { auditMaintenance } from './tasks/audit_maintenance';
import { cleanupJobs } from './tasks/cleanup_jobs';

export function buildTaskList(deps: TaskDeps): TaskList {
  return {
    analytics: makeTask('analytics', analytics, deps),
    analytics_fanout: makeTask('analytics_fanout', analyticsFanout, deps),
    cleanup_jobs: makeTask('cleanup_jobs', cleanupJobs, deps),
    audit_maintenance: makeTask('audit_maintenance', auditMaintenance, deps),
  };
}
