-- Custom SQL migration file, put your code below! --
-- The worker writes throughput and dead letters through the system role; the app role
-- only keeps its heartbeat.
GRANT SELECT, INSERT, UPDATE ON sys_job_throughput TO rrnet_system;
GRANT SELECT, DELETE ON sys_worker_heartbeats TO rrnet_system;
GRANT DELETE ON sys_sessions TO rrnet_system;
