import { SERVICE_NAMES, type ServiceName } from '../catalog/services';
import { checkInputs, type RecordedSettings } from './check';
import type { FoundVariable } from './found-variable';
import { detectService, matchService, type ServiceHint } from './service-detection';
import { APPLICATION_NAME, isSetting } from './watched-settings';
import { redactVariable, type SecretCollector } from './backup-redact';

/** The workload kinds `backup` reads, with the API path of their list in a namespace. */
export const WORKLOAD_LISTS = {
  Deployment: (ns: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`,
  StatefulSet: (ns: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/statefulsets`,
  Job: (ns: string) => `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs`,
  CronJob: (ns: string) => `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/cronjobs`,
} as const;
export type WorkloadKindName = keyof typeof WORKLOAD_LISTS;
export const WORKLOAD_KINDS = Object.keys(WORKLOAD_LISTS) as WorkloadKindName[];

export function configMapPath(ns: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps/${encodeURIComponent(name)}`;
}

/** A container variable as backed up: a (redacted) literal, or the `valueFrom` reference as it is. */
export interface BackupEnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}

export interface BackupEnvFrom {
  readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
  /** The Secret's name only; its content is never read. */
  readonly secretRef?: { readonly name: string; readonly optional?: boolean };
  readonly prefix?: string;
}

export interface BackupContainer {
  readonly name: string;
  readonly image: string;
  /** An init container. */
  readonly init: boolean;
  readonly env: readonly BackupEnvVar[];
  readonly envFrom: readonly BackupEnvFrom[];
}

export interface BackupWorkload {
  readonly kind: WorkloadKindName;
  readonly name: string;
  readonly service: ServiceName;
  /** `app.kubernetes.io/*` and `helm.sh/chart` labels (release, version, chart). */
  readonly labels: Readonly<Record<string, string>>;
  readonly images: readonly string[];
  readonly containers: readonly BackupContainer[];
}

/** A ConfigMap a FlowX workload takes variables from (envFrom or configMapKeyRef). */
export interface ConfigMapRef {
  readonly name: string;
  /** `Kind/name` of each workload that refers to it. */
  readonly referencedBy: readonly string[];
  /** Every reference is `optional: true`. */
  readonly optional: boolean;
}

export interface BackupConfigMap {
  readonly name: string;
  readonly referencedBy: readonly string[];
  /** Values of credential-named keys are `<redacted>`. */
  readonly data: Readonly<Record<string, string>>;
  /** binaryData is not copied; only its keys are listed. */
  readonly binaryDataKeys: readonly string[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const KEPT_LABEL = /^(app\.kubernetes\.io\/|helm\.sh\/chart$)/;

/**
 * The catalog service a workload runs, when its name or its `app.kubernetes.io/name` label (or
 * `app`) is a catalog service name, with or without a `flowx-` prefix (`admin`, `flowx-admin`).
 */
export function flowxServiceOf(item: unknown): ServiceName | undefined {
  const meta = obj(obj(item).metadata);
  const labels = obj(meta.labels);
  for (const text of [str(labels['app.kubernetes.io/name']), str(meta.name), str(labels.app)]) {
    const s = text ? matchService(text, false) : undefined;
    if (s) return s;
  }
  return undefined;
}

/** The pod spec of a Deployment, StatefulSet, Job or CronJob. */
export function podSpecOf(kind: WorkloadKindName, item: unknown): Obj {
  const spec = obj(obj(item).spec);
  const template = kind === 'CronJob' ? obj(obj(obj(spec.jobTemplate).spec).template) : obj(spec.template);
  return obj(template.spec);
}

function ownedByCronJob(item: unknown): boolean {
  return arr(obj(obj(item).metadata).ownerReferences).some((r) => obj(r).kind === 'CronJob');
}

function envVar(raw: unknown, secrets: SecretCollector): BackupEnvVar | undefined {
  const e = obj(raw);
  const name = str(e.name);
  if (!name) return undefined;
  if (e.valueFrom !== undefined) return { name, valueFrom: structuredClone(e.valueFrom) };
  const value = e.value === undefined || e.value === null ? undefined : String(e.value);
  return value === undefined ? { name } : { name, value: redactVariable(name, value, secrets) };
}

function envFromItem(raw: unknown): BackupEnvFrom | undefined {
  const e = obj(raw);
  const ref = (r: unknown) => {
    const name = str(obj(r).name);
    if (!name) return undefined;
    const optional = obj(r).optional;
    return typeof optional === 'boolean' ? { name, optional } : { name };
  };
  const configMapRef = ref(e.configMapRef);
  const secretRef = ref(e.secretRef);
  const prefix = str(e.prefix);
  if (!configMapRef && !secretRef) return undefined;
  return { ...(configMapRef ? { configMapRef } : {}), ...(secretRef ? { secretRef } : {}), ...(prefix ? { prefix } : {}) };
}

/**
 * The FlowX workloads in the lists the API returned (DeploymentList, … as JSON), with their images
 * and container environment (credential-named literals `<redacted>`, references kept), and the
 * ConfigMaps they read variables from. Jobs started by a CronJob are left out (the CronJob is kept).
 */
export function extractWorkloads(
  lists: Partial<Record<WorkloadKindName, unknown>>,
  secrets: SecretCollector,
): { workloads: BackupWorkload[]; configMaps: ConfigMapRef[]; ignored: number } {
  const workloads: BackupWorkload[] = [];
  const refs = new Map<string, { referencedBy: string[]; optional: boolean }>();
  let ignored = 0;
  const refer = (name: string, by: string, optional: boolean) => {
    const r = refs.get(name) ?? { referencedBy: [], optional: true };
    if (!r.referencedBy.includes(by)) r.referencedBy.push(by);
    r.optional = r.optional && optional;
    refs.set(name, r);
  };
  for (const kind of WORKLOAD_KINDS) {
    for (const item of arr(obj(lists[kind]).items)) {
      const service = flowxServiceOf(item);
      if (!service || (kind === 'Job' && ownedByCronJob(item))) {
        ignored++;
        continue;
      }
      const meta = obj(obj(item).metadata);
      const name = str(meta.name) ?? '?';
      const id = `${kind}/${name}`;
      const pod = podSpecOf(kind, item);
      const containers: BackupContainer[] = [];
      for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
        for (const c of arr(pod[key])) {
          const co = obj(c);
          const env = arr(co.env)
            .map((e) => envVar(e, secrets))
            .filter((e): e is BackupEnvVar => e !== undefined);
          const envFrom = arr(co.envFrom)
            .map(envFromItem)
            .filter((e): e is BackupEnvFrom => e !== undefined);
          for (const e of envFrom) if (e.configMapRef) refer(e.configMapRef.name, id, e.configMapRef.optional === true);
          for (const e of env) {
            const cm = obj(obj(e.valueFrom).configMapKeyRef);
            const cmName = str(cm.name);
            if (cmName) refer(cmName, id, cm.optional === true);
          }
          containers.push({ name: str(co.name) ?? '?', image: str(co.image) ?? '', init, env, envFrom });
        }
      }
      const labels = Object.fromEntries(
        Object.entries(obj(meta.labels)).filter((e): e is [string, string] => KEPT_LABEL.test(e[0]) && typeof e[1] === 'string'),
      );
      const images = [...new Set(containers.map((c) => c.image).filter(Boolean))];
      workloads.push({ kind, name, service, labels, images, containers });
    }
  }
  workloads.sort((a, b) => SERVICE_NAMES.indexOf(a.service) - SERVICE_NAMES.indexOf(b.service) || a.name.localeCompare(b.name));
  const configMaps = [...refs.entries()].map(([name, r]) => ({ name, referencedBy: [...r.referencedBy].sort(), optional: r.optional })).sort((a, b) => a.name.localeCompare(b.name));
  return { workloads, configMaps, ignored };
}

/** A ConfigMap (GET …/configmaps/NAME) as the backup writes it. */
export function redactConfigMap(cm: unknown, ref: ConfigMapRef, secrets: SecretCollector): BackupConfigMap {
  const data = Object.fromEntries(
    Object.entries(obj(obj(cm).data)).map(([k, v]) => [k, redactVariable(k, v === null || v === undefined ? '' : String(v), secrets)]),
  );
  return { name: ref.name, referencedBy: ref.referencedBy, data, binaryDataKeys: Object.keys(obj(obj(cm).binaryData)).sort() };
}

/**
 * The 5.4 Keycloak settings the captured workloads run with (main realm, introspection client id,
 * old service-account client ids), derived by `check` itself from their (already redacted)
 * variables. ConfigMap variables count for each workload that reads them.
 */
export function recordedFromWorkloads(workloads: readonly BackupWorkload[], configMaps: readonly BackupConfigMap[], file: string): RecordedSettings {
  const byName = new Map(configMaps.map((c) => [c.name, c]));
  const variables: FoundVariable[] = [];
  for (const w of workloads) {
    w.containers.forEach((c) => {
      const appName = c.env.find((e) => isSetting(e.name, APPLICATION_NAME))?.value;
      const hints: ServiceHint[] = [
        ...(appName ? [{ source: 'application-name' as const, text: appName }] : []),
        { source: 'container', text: c.name },
        { source: 'workload-label', text: w.service },
        { source: 'workload-name', text: w.name },
        { source: 'image', text: c.image },
      ];
      const service = detectService(hints) ?? w.service;
      const at = `${w.kind}/${w.name}: containers[${c.name}]`;
      const push = (name: string, location: string, value: FoundVariable['value']) =>
        variables.push({ file, location, service, name, value, confidential: false });
      for (const e of c.env) {
        const ref = obj(obj(e.valueFrom).configMapKeyRef);
        const resolved = str(ref.name) && str(ref.key) ? byName.get(str(ref.name)!)?.data[str(ref.key)!] : undefined;
        if (e.valueFrom === undefined) push(e.name, `${at}.env.${e.name}`, { kind: 'literal', value: e.value ?? '' });
        else if (resolved !== undefined) push(e.name, `${at}.env.${e.name}`, { kind: 'literal', value: resolved });
        else push(e.name, `${at}.env.${e.name}`, { kind: 'reference', source: 'valueFrom' });
      }
      for (const ef of c.envFrom) {
        const cm = ef.configMapRef ? byName.get(ef.configMapRef.name) : undefined;
        for (const [k, v] of Object.entries(cm?.data ?? {})) push(`${ef.prefix ?? ''}${k}`, `ConfigMap/${cm!.name}: data.${k}`, { kind: 'literal', value: v });
      }
    });
  }
  const services = [...new Set(workloads.map((w) => w.service))];
  return checkInputs({ files: [{ file, format: 'kubernetes', services, variables }], unreadable: [] }).recorded;
}
