-- Custom SQL migration file, put your code below! --
-- Workers upsert their heartbeat; web readiness reads it.
GRANT USAGE ON SCHEMA public TO rrnet_app, rrnet_system;
GRANT SELECT, INSERT, UPDATE, DELETE ON sys_worker_heartbeats TO rrnet_app;
GRANT SELECT ON sys_worker_heartbeats TO rrnet_system;
