/**
 * Runs a KMS simulator as a process, for the production-mode stack (npm start's
 * production mode, the e2e layer): production refuses the local key provider, so there
 * the KEK lives in this simulated Vault Transit (or AWS KMS).
 *   node --import tsx packages/crypto/src/kms_sim_cli.ts --kind vault --port 8200 --token s.dev --key rrnet
 *   node --import tsx packages/crypto/src/kms_sim_cli.ts --kind aws --port 8201 --access-key AKIA… --secret-key … [--region ap-southeast-3] --alias alias/rrnet
 * Prints one JSON line when ready: {"event":"kms_simulator_ready","kind":"vault","url":"http://127.0.0.1:8200"}
 * Keys live in memory: a restart loses them, and with them every data key they wrapped
 * (fine for a throwaway stack whose database is fresh too).
 */
import { parseArgs } from 'node:util';
import { createAwsKmsSimulator, createVaultTransitSimulator } from './kms_simulator';

function fail(message: string): never {
  process.stderr.write(`kms simulator: ${message}\n`);
  process.exit(1);
}

let values;
try {
  values = parseArgs({
    options: {
      kind: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      key: { type: 'string' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
      region: { type: 'string' },
      alias: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const port = Number(values.port ?? 8200);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
const host = values.host ?? '127.0.0.1';

if ((values.kind ?? 'vault') === 'vault') {
  const token = values.token;
  if (!token) fail('--token is required');
  const sim = await createVaultTransitSimulator({ tokens: [token], keys: [values.key ?? 'rrnet'], port, host });
  process.stdout.write(`${JSON.stringify({ event: 'kms_simulator_ready', kind: 'vault', url: sim.url })}\n`);
} else if (values.kind === 'aws') {
  const accessKey = values['access-key'];
  const secretKey = values['secret-key'];
  if (!accessKey || !secretKey) fail('--access-key and --secret-key are required');
  const sim = await createAwsKmsSimulator({ credentials: { [accessKey]: secretKey }, port, host, ...(values.region ? { region: values.region } : {}) });
  sim.setAlias(values.alias ?? 'alias/rrnet', sim.createKey());
  process.stdout.write(`${JSON.stringify({ event: 'kms_simulator_ready', kind: 'aws', url: sim.url, region: sim.region })}\n`);
} else {
  fail(`unknown --kind ${values.kind}`);
}
