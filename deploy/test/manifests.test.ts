/**
 * The deployment manifests hold the spec §8 container rules (deploy/lint/manifest_rules.ts):
 * the real Dockerfiles, compose file and Kubernetes manifests have no violation, the
 * project-specific wiring is right (probes, HPA, network policy, every workspace manifest
 * copied into the images), and the checker reports each rule on a deliberately bad input.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { checkCompose, checkDockerfile, checkKubernetes, finalStages, parseDockerfile } from '../lint/manifest_rules';
import type { Violation } from '../lint/manifest_rules';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPLOY = `${ROOT}/deploy`;
const read = (path: string) => readFileSync(path, 'utf8');
const rules = (violations: Violation[]) => [...new Set(violations.map((v) => v.rule))].sort();

const DOCKERFILES = readdirSync(`${DEPLOY}/docker`).filter((f) => f.endsWith('.Dockerfile'));
const K8S = readdirSync(`${DEPLOY}/k8s`)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ file: `k8s/${f}`, text: read(`${DEPLOY}/k8s/${f}`) }));
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const k8sDocs: Doc[] = K8S.flatMap(({ text }) => parseAllDocuments(text).map((d) => d.toJS() as Doc));
const find = (kind: string, name: string) => k8sDocs.find((d) => d.kind === kind && d.metadata?.name === name);

describe('Dockerfiles', () => {
  it('web, worker and bridge exist and none has a violation', () => {
    expect(DOCKERFILES.sort()).toEqual(['bridge.Dockerfile', 'web.Dockerfile', 'worker.Dockerfile']);
    for (const f of DOCKERFILES) {
      expect(checkDockerfile(f, read(`${DEPLOY}/docker/${f}`), { oneShotStages: ['migrate'] })).toEqual([]);
    }
  });

  it('are multi-stage, and every final stage is distroless as UID 65532', () => {
    for (const f of DOCKERFILES) {
      const { stages } = parseDockerfile(read(`${DEPLOY}/docker/${f}`));
      expect(stages.length).toBeGreaterThanOrEqual(3);
      for (const stage of finalStages(stages)) {
        expect(stage.image).toMatch(/^gcr\.io\/distroless\/nodejs20-debian12@sha256:[0-9a-f]{64}$/);
        expect(stage.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args).toBe('65532:65532');
      }
    }
    const worker = parseDockerfile(read(`${DEPLOY}/docker/worker.Dockerfile`)).stages;
    expect(finalStages(worker).map((s) => s.name)).toEqual(['migrate', 'runtime']);
  });

  it('copy every workspace package.json before installing (a missing one breaks --frozen-lockfile)', () => {
    const workspace = ['apps', 'packages', 'tooling'].flatMap((dir) =>
      readdirSync(`${ROOT}/${dir}`).map((name) => `${dir}/${name}/package.json`),
    );
    for (const f of DOCKERFILES) {
      const text = read(`${DEPLOY}/docker/${f}`);
      for (const manifest of workspace) expect(text, `${f} copies ${manifest}`).toContain(`COPY ${manifest} `);
    }
  });

  it('the web image is built standalone and serves its health check on /api/health', () => {
    const text = read(`${DEPLOY}/docker/web.Dockerfile`);
    expect(text).toContain('RRNET_NEXT_OUTPUT=standalone');
    expect(read(`${ROOT}/apps/web/next.config.ts`)).toContain("process.env.RRNET_NEXT_OUTPUT === 'standalone'");
    expect(text).toMatch(/HEALTHCHECK[\s\S]*\/api\/health'/);
  });

  it('the checker reports a root user, an unpinned base, a missing HEALTHCHECK and a fat base', () => {
    const bad = [
      'FROM node:20 AS build',
      'RUN npm ci',
      'FROM node:20-bookworm@sha256:' + 'a'.repeat(64),
      'COPY --from=build /app /app',
      'USER root',
      'CMD ["node", "server.js"]',
    ].join('\n');
    expect(rules(checkDockerfile('bad.Dockerfile', bad))).toEqual([
      'docker/healthcheck',
      'docker/minimal-base',
      'docker/non-root-user',
      'docker/pinned-base',
    ]);
    const noUser = `FROM gcr.io/distroless/nodejs20-debian12@sha256:${'b'.repeat(64)}\nHEALTHCHECK CMD ["/nodejs/bin/node", "-e", "1"]\n`;
    expect(checkDockerfile('nouser.Dockerfile', noUser)).toEqual([
      { file: 'nouser.Dockerfile', rule: 'docker/non-root-user', message: 'final stage #0 has no USER (it would run as root)' },
    ]);
    const curl = `FROM gcr.io/distroless/nodejs20-debian12@sha256:${'c'.repeat(64)}\nUSER 65532\nHEALTHCHECK CMD curl -f http://127.0.0.1:3000/ \\\n  || exit 1\n`;
    expect(rules(checkDockerfile('curl.Dockerfile', curl))).toEqual(['docker/healthcheck']);
  });
});

describe('compose', () => {
  const text = read(`${DEPLOY}/compose.yaml`);
  const compose = parse(text, { merge: true }) as Doc;

  it('has web, worker, postgres, redis and migrations (web and worker speak RESP to Redis: no bridge), with no violation', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['migrate', 'postgres', 'redis', 'web', 'worker']);
    expect(compose.services.web.environment.REDIS_URL_FILE).toBe('/run/secrets/redis_url');
    expect(checkCompose('compose.yaml', text)).toEqual([]);
  });

  it('hands every secret over as a file, each one defined as a compose secret', () => {
    const defined = new Set(Object.keys(compose.secrets));
    for (const [name, service] of Object.entries<Doc>(compose.services)) {
      for (const secret of service.secrets ?? []) expect(defined, `${name} uses ${secret}`).toContain(secret);
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (key.endsWith('_FILE')) expect(service.secrets, `${name} mounts ${String(value)}`).toContain(String(value).replace('/run/secrets/', ''));
      }
    }
    for (const secret of Object.values<Doc>(compose.secrets)) expect(secret.file).toMatch(/^\.\/secrets\/\w+$/);
    expect(compose.services.web.tmpfs).toContain('/tmp');
  });

  it('the checker reports each missing hardening setting and an inline secret', () => {
    const bad = [
      'services:',
      '  web:',
      '    image: rrnet-web:latest',
      '    user: root',
      '    environment:',
      '      AUTH_SECRET: hunter2hunter2hunter2hunter2hunter2',
      '      LOG_LEVEL: info',
      'secrets:',
      '  auth_secret:',
      '    environment: AUTH_SECRET',
    ].join('\n');
    expect(rules(checkCompose('bad.yaml', bad))).toEqual([
      'compose/cap-drop',
      'compose/healthcheck',
      'compose/inline-secret',
      'compose/limits',
      'compose/no-new-privileges',
      'compose/non-root-user',
      'compose/pinned-image',
      'compose/read-only',
    ]);
    expect(checkCompose('bad.yaml', bad).filter((v) => v.rule === 'compose/inline-secret').map((v) => v.message)).toEqual([
      'web: AUTH_SECRET has an inline value; use AUTH_SECRET_FILE and compose secrets',
      'secret auth_secret is neither a file nor external',
    ]);
  });
});

describe('Kubernetes', () => {
  it('no manifest has a violation, and kustomization lists every manifest but the migrate Job', () => {
    expect(checkKubernetes(K8S)).toEqual([]);
    const kustomization = parse(read(`${DEPLOY}/k8s/kustomization.yaml`)) as Doc;
    const expected = K8S.map((f) => f.file.replace('k8s/', '')).filter((f) => !['kustomization.yaml', 'migrate_job.yaml'].includes(f));
    expect([...kustomization.resources].sort()).toEqual(expected.sort());
  });

  it('web: liveness /api/health, readiness /api/health/ready, HPA, PDB, emptyDir /tmp, UID 65532', () => {
    const web = find('Deployment', 'rrnet-web')!;
    const pod = web.spec.template.spec;
    const [container] = pod.containers;
    expect(container.livenessProbe.httpGet.path).toBe('/api/health');
    expect(container.readinessProbe.httpGet.path).toBe('/api/health/ready');
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
    expect(pod.volumes.find((v: Doc) => v.name === 'tmp').emptyDir).toBeDefined();
    const hpa = find('HorizontalPodAutoscaler', 'rrnet-web')!;
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'rrnet-web' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(find('PodDisruptionBudget', 'rrnet-web')!.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'rrnet-web' });
    // secrets arrive as files from the external store, never as values
    expect(find('ExternalSecret', 'rrnet-secrets')!.spec.secretStoreRef.kind).toBe('ClusterSecretStore');
    expect(k8sDocs.filter((d) => d.kind === 'Secret')).toEqual([]);
  });

  it('public TLS: the Ingress serves the host of PUBLIC_URL over HTTPS with a cert-manager certificate, redirects HTTP, and reaches the web Service', () => {
    const ingress = find('Ingress', 'rrnet-web')!;
    const host = new URL(find('ConfigMap', 'rrnet-config')!.data.PUBLIC_URL).hostname;
    expect(find('ConfigMap', 'rrnet-config')!.data.PUBLIC_URL).toMatch(/^https:\/\//);
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBeTruthy();
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/force-ssl-redirect']).toBe('true');
    expect(ingress.spec.tls).toEqual([{ hosts: [host], secretName: 'rrnet-web-tls' }]);
    expect(ingress.spec.rules.map((r: Doc) => r.host)).toEqual([host]);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    const service = find('Service', backend.name)!;
    expect(service.spec.ports.map((p: Doc) => p.name)).toContain(backend.port.name);
    // the web's NetworkPolicy admits exactly this controller
    expect(find('NetworkPolicy', 'rrnet-web')!.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
  });

  it('production config picks a KMS, never the local keys, and logs in to Vault with an AppRole whose secret id is a mounted secret', () => {
    const config = find('ConfigMap', 'rrnet-config')!;
    expect(config.data.KMS_PROVIDER).toBe('vault');
    expect(config.data.VAULT_ADDR).toMatch(/^https:\/\//);
    expect(config.data.VAULT_ROLE_ID).toBeTruthy();
    expect(config.data.VAULT_TOKEN).toBeUndefined();
    for (const name of ['rrnet-web', 'rrnet-worker']) {
      const container = find('Deployment', name)!.spec.template.spec.containers[0];
      expect(container.env).toContainEqual({ name: 'VAULT_SECRET_ID_FILE', value: '/run/secrets/rrnet/vault_secret_id' });
      expect(container.env.map((e: { name: string }) => e.name)).not.toContain('VAULT_TOKEN_FILE');
    }
  });

  it('network policy: default deny; web only from the ingress controller; worker only metrics from Prometheus', () => {
    const deny = find('NetworkPolicy', 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const web = find('NetworkPolicy', 'rrnet-web')!;
    expect(web.spec.ingress).toHaveLength(1);
    expect(web.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
    expect(web.spec.ingress[0].ports).toEqual([{ port: 3000, protocol: 'TCP' }]);
    const worker = find('NetworkPolicy', 'rrnet-worker')!;
    expect(worker.spec.ingress).toHaveLength(1);
    expect(worker.spec.ingress[0].ports).toEqual([{ port: 9464, protocol: 'TCP' }]);
    for (const policy of [web, worker]) {
      const ports = policy.spec.egress.flatMap((rule: Doc) => rule.ports.map((p: Doc) => p.port)).sort((a: number, b: number) => a - b);
      // DNS, PostgreSQL, HTTPS (Upstash REST; Midtrans for web, routers for worker), Vault (the KMS)
      expect(ports).toEqual([53, 53, 443, 5432, 8200]);
    }
  });

  it('the checker reports each missing setting, a Deployment without a PDB and a Secret with values', () => {
    const bad = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web, namespace: rrnet }',
      'spec:',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: rrnet-web:latest',
      '          env:',
      '            - { name: AUTH_SECRET, value: hunter2 }',
      '          securityContext: { runAsUser: 0, privileged: true }',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: creds, namespace: rrnet }',
      'stringData: { password: hunter2 }',
      '---',
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata: { name: other, namespace: rrnet }',
      'spec: { minAvailable: 1, selector: { matchLabels: { app: other } } }',
    ].join('\n');
    const violations = checkKubernetes([{ file: 'bad.yaml', text: bad }]);
    expect(rules(violations)).toEqual([
      'k8s/capabilities',
      'k8s/image-tag',
      'k8s/inline-secret',
      'k8s/pdb',
      'k8s/privilege-escalation',
      'k8s/privileged',
      'k8s/probes',
      'k8s/read-only-root',
      'k8s/resources',
      'k8s/run-as-non-root',
      'k8s/seccomp',
    ]);
    expect(violations.filter((v) => v.rule === 'k8s/resources')).toHaveLength(4);
    expect(violations.filter((v) => v.rule === 'k8s/probes').map((v) => v.message)).toEqual([
      'Deployment/web: container web: no livenessProbe',
      'Deployment/web: container web: no readinessProbe',
    ]);
    // read-only root without a writable /tmp
    const noTmp = bad.replace('securityContext: { runAsUser: 0, privileged: true }', 'securityContext: { readOnlyRootFilesystem: true }');
    expect(rules(checkKubernetes([{ file: 'notmp.yaml', text: noTmp }]))).toContain('k8s/tmp-volume');
  });
});
