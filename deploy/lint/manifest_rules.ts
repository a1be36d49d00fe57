/**
 * Deployment manifest rules (spec §8 container_security): pure functions from a file's
 * text to the violations it holds, so deploy/test/manifests.test.ts can run them on the
 * real Dockerfiles, compose file and Kubernetes manifests, and on deliberately bad ones.
 *
 *   Dockerfiles  every FROM pinned by @sha256 digest; each final stage (one no other stage
 *                builds on) runs as a numeric non-root USER, on a distroless or alpine
 *                base, with a HEALTHCHECK where the image is a long-running service
 *   compose      every service read_only, cap_drop ALL, no-new-privileges, CPU and memory
 *                limits, a healthcheck (one-shot services excepted), images by digest,
 *                no secret-looking variable with an inline value, secrets from files
 *   Kubernetes   every container runAsNonRoot, readOnlyRootFilesystem with /tmp from an
 *                emptyDir, no privilege escalation, capabilities drop ALL, seccomp
 *                RuntimeDefault, requests and limits; Deployments with liveness and
 *                readiness probes and a PodDisruptionBudget selecting their pods; no
 *                Secret with values in the repository
 */
import { parseAllDocuments } from 'yaml';

export interface Violation {
  file: string;
  rule: string;
  message: string;
}

// ── Dockerfiles ──────────────────────────────────────────────────────────────

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}

export interface DockerStage {
  image: string;
  name: string | undefined;
  index: number;
  instructions: DockerInstruction[];
}

/** Splits a Dockerfile into instructions (continuations joined, comments dropped) and stages. */
export function parseDockerfile(text: string): { args: Map<string, string>; stages: DockerStage[] } {
  const instructions: DockerInstruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending && line.startsWith('#')) return; // comment lines inside a continuation
    if (!pending) startLine = i + 1;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: startLine });
  });
  if (pending) {
    const match = /^(\S+)\s*(.*)$/s.exec(pending.trim());
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: startLine });
  }

  const args = new Map<string, string>();
  const stages: DockerStage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = ins.args.split('=', 2);
      args.set(name!.trim(), value.trim());
      continue;
    }
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = (words[0] ?? '').replace(/\$\{?(\w+)\}?/g, (_, n: string) => args.get(n) ?? '');
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ image, name: asIndex >= 0 ? words[asIndex + 1] : undefined, index: stages.length, instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push(ins);
  }
  return { args, stages };
}

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Stages no other stage builds on or copies from: the images a build can produce. */
export function finalStages(stages: DockerStage[]): DockerStage[] {
  const used = new Set<string>();
  for (const stage of stages) {
    used.add(stage.image);
    for (const ins of stage.instructions) {
      for (const m of ins.args.matchAll(/--from=(\S+)/g)) used.add(m[1]!);
    }
  }
  return stages.filter((s, i) => i === stages.length - 1 || !(used.has(s.name ?? '') || used.has(String(s.index))));
}

export interface DockerfileOptions {
  /** final stages that are one-shot commands (migrations) and need no HEALTHCHECK */
  oneShotStages?: string[];
}

export function checkDockerfile(file: string, text: string, options: DockerfileOptions = {}): Violation[] {
  const out: Violation[] = [];
  const report = (rule: string, message: string) => out.push({ file, rule, message });
  const { stages } = parseDockerfile(text);
  if (stages.length === 0) {
    report('docker/no-stage', 'no FROM instruction');
    return out;
  }
  const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
  for (const stage of stages) {
    if (stageNames.has(stage.image) || stage.image === 'scratch') continue;
    if (!DIGEST.test(stage.image)) {
      report('docker/pinned-base', `FROM ${stage.image || '(empty)'} is not pinned by @sha256 digest`);
    }
  }
  for (const stage of finalStages(stages)) {
    const label = stage.name ?? `#${stage.index}`;
    if (!/(^|\/)distroless\/|:[^@]*alpine/.test(stage.image) && !stageNames.has(stage.image)) {
      report('docker/minimal-base', `final stage ${label} is not on a distroless or alpine base (${stage.image})`);
    }
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    const user = users.at(-1)?.args.split(':')[0]?.trim();
    if (user === undefined) {
      report('docker/non-root-user', `final stage ${label} has no USER (it would run as root)`);
    } else if (!/^\d+$/.test(user) || Number(user) === 0) {
      report('docker/non-root-user', `final stage ${label} runs as USER ${user}: use a numeric non-root UID (runAsNonRoot can verify only numbers)`);
    }
    const oneShot = options.oneShotStages?.includes(stage.name ?? '') ?? false;
    const health = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
    if (!oneShot && (!health || /^NONE$/i.test(health.args))) {
      report('docker/healthcheck', `final stage ${label} has no HEALTHCHECK`);
    }
    if (health && /\b(curl|wget)\b/.test(health.args) && /distroless/.test(stage.image)) {
      report('docker/healthcheck', `final stage ${label}: distroless has no ${/curl/.test(health.args) ? 'curl' : 'wget'} for its HEALTHCHECK`);
    }
  }
  return out;
}

// ── shared ───────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObject = (v: unknown): Json => (isObject(v) ? v : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A variable that holds a secret: its value must come from a file or a secret reference. */
export const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|ENCRYPTION_KEYS|PRIVATE_KEY|DATABASE_URL|REDIS_URL)$/;

export function parseYamlDocuments(file: string, text: string): { docs: Json[]; violations: Violation[] } {
  const violations: Violation[] = [];
  const docs: Json[] = [];
  for (const doc of parseAllDocuments(text, { merge: true })) {
    for (const err of doc.errors) violations.push({ file, rule: 'yaml/syntax', message: err.message });
    if (doc.errors.length) continue;
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (isObject(value)) docs.push(value);
  }
  return { docs, violations };
}

// ── compose ──────────────────────────────────────────────────────────────────

function composeEnv(service: Json): [string, unknown][] {
  const env = service.environment;
  if (Array.isArray(env)) {
    return env.map((e) => {
      const [k, ...v] = String(e).split('=');
      return [k!, v.length ? v.join('=') : undefined] as [string, unknown];
    });
  }
  return Object.entries(asObject(env));
}

export function checkCompose(file: string, text: string): Violation[] {
  const { docs, violations: out } = parseYamlDocuments(file, text);
  const report = (rule: string, message: string) => out.push({ file, rule, message });
  const compose = docs[0] ?? {};
  const services = asObject(compose.services);
  if (Object.keys(services).length === 0) report('compose/services', 'no services');
  for (const [name, raw] of Object.entries(services)) {
    const s = asObject(raw);
    if (s.read_only !== true) report('compose/read-only', `${name}: read_only is not true`);
    if (!asArray(s.cap_drop).map(String).includes('ALL')) report('compose/cap-drop', `${name}: cap_drop does not include ALL`);
    const opts = asArray(s.security_opt).map(String);
    if (!opts.some((o) => /^no-new-privileges(:true)?$/.test(o))) {
      report('compose/no-new-privileges', `${name}: security_opt lacks no-new-privileges:true`);
    }
    if (s.privileged === true) report('compose/privileged', `${name}: privileged`);
    const limits = asObject(asObject(asObject(s.deploy).resources).limits);
    if ((limits.cpus ?? s.cpus) === undefined) report('compose/limits', `${name}: no CPU limit`);
    if ((limits.memory ?? s.mem_limit) === undefined) report('compose/limits', `${name}: no memory limit`);
    if (s.user !== undefined && /^(0|root)(:|$)/.test(String(s.user))) report('compose/non-root-user', `${name}: runs as ${String(s.user)}`);
    const oneShot = s.restart === 'no' || s.restart === false;
    const health = asObject(s.healthcheck);
    if (!oneShot && (health.test === undefined || health.disable === true)) report('compose/healthcheck', `${name}: no healthcheck`);
    if (s.image !== undefined && s.build === undefined && !DIGEST.test(String(s.image))) {
      report('compose/pinned-image', `${name}: image ${String(s.image)} is not pinned by @sha256 digest`);
    }
    for (const [key, value] of composeEnv(s)) {
      if (SECRET_NAME.test(key) && value !== undefined && value !== null && value !== '') {
        report('compose/inline-secret', `${name}: ${key} has an inline value; use ${key}_FILE and compose secrets`);
      }
    }
  }
  for (const [name, raw] of Object.entries(asObject(compose.secrets))) {
    const secret = asObject(raw);
    if (secret.file === undefined && secret.external !== true) {
      report('compose/inline-secret', `secret ${name} is neither a file nor external`);
    }
  }
  return out;
}

// ── Kubernetes ───────────────────────────────────────────────────────────────

export interface ManifestFile {
  file: string;
  text: string;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet']);

function podTemplate(doc: Json): Json {
  const spec = asObject(doc.spec);
  if (doc.kind === 'CronJob') return asObject(asObject(asObject(asObject(spec.jobTemplate).spec).template));
  return asObject(spec.template);
}

function matches(selector: Json, labels: Json): boolean {
  const wanted = Object.entries(asObject(selector.matchLabels));
  return wanted.length > 0 && wanted.every(([k, v]) => labels[k] === v);
}

export function checkKubernetes(files: ManifestFile[]): Violation[] {
  const out: Violation[] = [];
  const all: { file: string; doc: Json }[] = [];
  for (const { file, text } of files) {
    const parsed = parseYamlDocuments(file, text);
    out.push(...parsed.violations);
    for (const doc of parsed.docs) all.push({ file, doc });
  }
  const pdbs = all.filter((d) => d.doc.kind === 'PodDisruptionBudget');

  for (const { file, doc } of all) {
    const meta = asObject(doc.metadata);
    const id = `${String(doc.kind)}/${String(meta.name)}`;
    const report = (rule: string, message: string) => out.push({ file, rule, message: `${id}: ${message}` });

    if (doc.kind === 'Secret' && (doc.data !== undefined || doc.stringData !== undefined)) {
      report('k8s/inline-secret', 'a Secret with values in the repository; reference the external secret store');
    }
    if (!WORKLOADS.has(String(doc.kind))) continue;

    const template = podTemplate(doc);
    const pod = asObject(template.spec);
    const podSec = asObject(pod.securityContext);
    const volumes = new Map(asArray(pod.volumes).map((v) => [String(asObject(v).name), asObject(v)]));
    const containers = [...asArray(pod.initContainers), ...asArray(pod.containers)].map(asObject);
    if (containers.length === 0) report('k8s/containers', 'no containers');

    for (const c of containers) {
      const name = String(c.name);
      const sec = asObject(c.securityContext);
      const pick = (key: string) => sec[key] ?? podSec[key];
      if (pick('runAsNonRoot') !== true) report('k8s/run-as-non-root', `container ${name}: runAsNonRoot is not true`);
      if (pick('runAsUser') === 0) report('k8s/run-as-non-root', `container ${name}: runAsUser 0`);
      if (sec.readOnlyRootFilesystem !== true) report('k8s/read-only-root', `container ${name}: readOnlyRootFilesystem is not true`);
      if (sec.allowPrivilegeEscalation !== false) report('k8s/privilege-escalation', `container ${name}: allowPrivilegeEscalation is not false`);
      if (sec.privileged === true) report('k8s/privileged', `container ${name}: privileged`);
      if (!asArray(asObject(sec.capabilities).drop).map(String).includes('ALL')) report('k8s/capabilities', `container ${name}: capabilities do not drop ALL`);
      const seccomp = asObject(sec.seccompProfile ?? podSec.seccompProfile).type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') report('k8s/seccomp', `container ${name}: no seccompProfile RuntimeDefault`);
      const resources = asObject(c.resources);
      for (const kind of ['requests', 'limits'] as const) {
        for (const res of ['cpu', 'memory'] as const) {
          if (asObject(resources[kind])[res] === undefined) report('k8s/resources', `container ${name}: no ${kind}.${res}`);
        }
      }
      if (/:latest$/.test(String(c.image)) || c.image === undefined) report('k8s/image-tag', `container ${name}: image ${String(c.image)}`);
      if (sec.readOnlyRootFilesystem === true) {
        const tmp = asArray(c.volumeMounts).map(asObject).find((m) => m.mountPath === '/tmp');
        if (!tmp || volumes.get(String(tmp.name))?.emptyDir === undefined) {
          report('k8s/tmp-volume', `container ${name}: read-only root without an emptyDir on /tmp`);
        }
      }
      for (const e of asArray(c.env).map(asObject)) {
        if (SECRET_NAME.test(String(e.name)) && e.value !== undefined) {
          report('k8s/inline-secret', `container ${name}: ${String(e.name)} has an inline value`);
        }
      }
      if (doc.kind === 'Deployment' && asArray(pod.containers).includes(c)) {
        if (c.livenessProbe === undefined) report('k8s/probes', `container ${name}: no livenessProbe`);
        if (c.readinessProbe === undefined) report('k8s/probes', `container ${name}: no readinessProbe`);
      }
    }

    if (doc.kind === 'Deployment') {
      const labels = asObject(asObject(template.metadata).labels);
      const namespace = meta.namespace;
      const covered = pdbs.some((p) => asObject(p.doc.metadata).namespace === namespace && matches(asObject(asObject(p.doc.spec).selector), labels));
      if (!covered) report('k8s/pdb', 'no PodDisruptionBudget selects its pods');
    }
  }
  return out;
}
