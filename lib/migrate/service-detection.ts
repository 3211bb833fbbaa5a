import { SERVICE_NAMES, type ServiceName } from '../catalog/services';

/**
 * Where a service name may come from, strongest first. A variable's service is the first hint,
 * in this order, that names one of the catalog's services.
 */
export type HintSource =
  | 'application-name' // SPRING_APPLICATION_NAME in the same env block
  | 'container' // container name
  | 'section' // a Helm values key (matched exactly: `admin:`, `processEngine:`, `flowx-admin:`)
  | 'pod-label' // pod template's app.kubernetes.io/name (or app) label
  | 'workload-label' // the resource's own app.kubernetes.io/name (or app) label
  | 'workload-name' // metadata.name, nameOverride/fullnameOverride
  | 'image' // image repository (runtime-manager runs the application-manager image)
  | 'file-name'
  | 'folder-name';

const RANK: Readonly<Record<HintSource, number>> = {
  'application-name': 0,
  container: 1,
  section: 1,
  'pod-label': 2,
  'workload-label': 3,
  'workload-name': 4,
  image: 5,
  'file-name': 6,
  'folder-name': 7,
};

export interface ServiceHint {
  readonly source: HintSource;
  readonly text: string;
}

/** Lower-case kebab words: `processEngine` → `process-engine`, `flowx_admin.yaml` → `flowx-admin-yaml`. */
function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const BY_LENGTH = [...SERVICE_NAMES].sort((a, b) => b.length - a.length);

/**
 * The service a name stands for: exactly a catalog name (a `flowx-` prefix tolerated), or, when
 * `loose`, a catalog name found between word boundaries (`values-process-engine`, `flowx-admin-0`).
 */
export function matchService(text: string, loose = true): ServiceName | undefined {
  const k = kebab(text).replace(/^flowx-/, '');
  const exact = SERVICE_NAMES.find((s) => s === k);
  if (exact || !loose) return exact;
  const padded = `-${k}-`;
  return BY_LENGTH.find((s) => padded.includes(`-${s}-`));
}

/** The repository's last path segment of an image reference, without tag or digest. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const last = noDigest.split('/').at(-1) ?? '';
  return last.split(':')[0] ?? '';
}

/** File name without its configuration extensions (`process-engine.values.yaml` → `process-engine.values`). */
export function fileStem(base: string): string {
  return base.replace(/\.(ya?ml|json|env)$/i, '').replace(/^\.env(\..*)?$/i, '');
}

/**
 * The strongest hint that names a service; among hints of the same strength, the first given
 * (callers list the innermost first). Section keys match exactly, other hints loosely.
 */
export function detectService(hints: readonly ServiceHint[]): ServiceName | undefined {
  const ordered = [...hints].sort((a, b) => RANK[a.source] - RANK[b.source]);
  for (const h of ordered) {
    const text = h.source === 'image' ? imageName(h.text) : h.text;
    const found = matchService(text, h.source !== 'section');
    if (found) return found;
  }
  return undefined;
}
