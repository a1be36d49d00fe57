-- Custom SQL migration file, put your code below! ---- Envelope encryption's data keys: only the system role (the key provider of web and
-- worker, the key_rotation job) reads and writes them; the app role never sees a wrapped key.
REVOKE ALL ON sys_data_keys FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON sys_data_keys TO rrnet_system;
