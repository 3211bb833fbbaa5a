import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { canonicalSettingName } from '../catalog/removed-settings';
import type { ServiceName } from '../catalog/services';
import type { FoundValue, FoundVariable, InputFormat } from './found-variable';
import { detectService, matchService, type ServiceHint } from './service-detection';
import { APPLICATION_NAME, WATCHED_PROPERTIES } from './watched-settings';

/** What one YAML file holds; `service` of each variable is already decided. */
export interface YamlContent {
  readonly format: InputFormat;
  readonly services: ReadonlySet<ServiceName>;
  readonly variables: readonly Omit<FoundVariable, 'file'>[];
}

/** The YAML could not be parsed; the message names the place, never the content. */
export class YamlReadError extends Error {}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.\-[\]]*$/;
/** Helm values keys that hold a map of environment variables. */
const ENV_MAP_KEY = /^(extra)?(env|envs|envvars|envvariables|environment|environmentvars|environmentvariables)$/;
const APP_LABELS = ['app.kubernetes.io/name', 'app'];
/** Kubernetes kinds whose `data` maps are environment variables (consumed through envFrom). */
const DATA_KINDS = new Set(['ConfigMap', 'Secret']);

interface Ctx {
  /** Hints that apply here, innermost first (the file's own come last). */
  readonly hints: readonly ServiceHint[];
  /** Location so far, e.g. `Deployment/admin: spec.template.spec.containers[0]`. */
  readonly path: string;
  /** Mapping keys from the document root, for nested Spring properties. */
  readonly keys: readonly string[];
  readonly manifest: boolean;
  /** Inside a values section with `enabled: false`: its variables do not show the service runs. */
  readonly disabled?: boolean;
}

/**
 * Reads Helm values and Kubernetes manifests (several documents per file). Variables are env
 * maps, `name`/`value` lists anywhere, ConfigMap/Secret data, and nested Spring properties
 * that `check` watches (`security.oauth2.realm` as nested keys).
 */
export function readYaml(text: string, fileHints: readonly ServiceHint[]): YamlContent {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const firstError = list.flatMap((d) => d.errors)[0];
  if (firstError) {
    const at = firstError.linePos?.[0] ?? lineCounter.linePos(firstError.pos[0]);
    const what = (firstError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const helm = /\{\{/.test(text) ? '; it looks like an unrendered Helm template (check the output of `helm template` instead)' : '';
    throw new YamlReadError(`YAML syntax error${at ? ` at line ${at.line}, column ${at.col}` : ''} (${firstError.code}: ${what})${helm}`);
  }

  const variables: Omit<FoundVariable, 'file'>[] = [];
  const services = new Set<ServiceName>();
  let manifests = 0;
  const onStack = new Set<Node>();

  for (const [index, doc] of list.entries()) {
    const prefix = list.length > 1 ? `document ${index + 1}: ` : '';
    const lineOf = (n: Node | null | undefined): number | undefined =>
      n?.range ? lineCounter.linePos(n.range[0]).line : undefined;
    const resolve = (n: unknown): Node | undefined => {
      if (isAlias(n)) return n.resolve(doc as Document) ?? undefined;
      return (n ?? undefined) as Node | undefined;
    };
    const scalarText = (n: unknown): string | undefined => {
      const r = resolve(n);
      if (isScalar(r)) return r.value === null || r.value === undefined ? '' : String(r.value);
      return undefined;
    };
    const sourceText = (n: Node | undefined): string => {
      if (!n) return '';
      const s = scalarText(n);
      if (s !== undefined) return s;
      return n.range ? text.slice(n.range[0], n.range[1]).trim() : '';
    };
    const get = (map: unknown, key: string): Node | undefined => {
      const m = resolve(map);
      if (!isMap(m)) return undefined;
      for (const pair of m.items) if (scalarText(pair.key) === key) return resolve(pair.value);
      return undefined;
    };
    /** A map's pairs, with YAML merge keys (`<<: *defaults`) spliced in where they stand. */
    const entries = (map: unknown, depth = 0): [string, Node | undefined, Node | undefined][] => {
      const m = resolve(map);
      if (!isMap(m) || depth > 16) return [];
      return m.items.flatMap((p): [string, Node | undefined, Node | undefined][] => {
        const key = scalarText(p.key) ?? sourceText(p.key as Node);
        const value = resolve(p.value);
        if (key === '<<' && (isMap(value) || isSeq(value))) {
          const sources = isSeq(value) ? value.items.map((i) => resolve(i)) : [value];
          return sources.flatMap((src) => entries(src, depth + 1));
        }
        return [[key, value, (p.key ?? undefined) as Node | undefined]];
      });
    };
    const labelHints = (meta: Node | undefined, source: ServiceHint['source']): ServiceHint[] =>
      APP_LABELS.map((l) => scalarText(get(get(meta, 'labels'), l))).filter((t): t is string => !!t).map((t) => ({ source, text: t }));
    const push = (ctx: Ctx, name: string, line: number | undefined, location: string, value: FoundValue, confidential: boolean, extra: ServiceHint[] = []) => {
      const service = detectService([...extra, ...ctx.hints]);
      if (service && !ctx.disabled) services.add(service);
      variables.push({ name, ...(line !== undefined ? { line } : {}), location: prefix + location, ...(service ? { service } : {}), value, confidential });
    };
    const valueOf = (n: Node | undefined): FoundValue => {
      if (isMap(n)) {
        const from = get(n, 'valueFrom') ?? n;
        for (const kind of ['secretKeyRef', 'configMapKeyRef']) {
          const ref = get(from, kind);
          if (ref) return { kind: 'reference', source: `${kind} ${scalarText(get(ref, 'name')) ?? '?'}/${scalarText(get(ref, 'key')) ?? '?'}` };
        }
        const field = get(from, 'fieldRef') ?? get(from, 'resourceFieldRef');
        if (field) return { kind: 'reference', source: `fieldRef ${scalarText(get(field, 'fieldPath')) ?? scalarText(get(field, 'resource')) ?? '?'}` };
        const v = get(n, 'value');
        if (v) return { kind: 'literal', value: sourceText(v) };
      }
      return { kind: 'literal', value: sourceText(n) };
    };
    const appNameHint = (pairs: [string, Node | undefined][]): ServiceHint[] => {
      const app = pairs.find(([k]) => canonicalSettingName(k) === canonicalSettingName(APPLICATION_NAME));
      const t = app ? scalarText(app[1]) ?? scalarText(get(app[1], 'value')) : undefined;
      return t ? [{ source: 'application-name', text: t }] : [];
    };

    /** A map of NAME: value (Helm env maps, ConfigMap/Secret data). */
    const readEnvMap = (map: Node, ctx: Ctx, confidential: boolean, base64 = false) => {
      const pairs = entries(map);
      const extra = appNameHint(pairs.map(([k, v]) => [k, v]));
      for (const [name, value, key] of pairs) {
        if (!ENV_NAME.test(name)) continue;
        let v = valueOf(value);
        if (base64 && v.kind === 'literal') v = { kind: 'literal', value: Buffer.from(v.value, 'base64').toString('utf8') };
        push(ctx, name, lineOf(key), `${ctx.path}.${name}`, v, confidential, extra);
      }
    };

    /** `- name: X` / `value: …` items of a sequence; other items are walked. */
    const readSeq = (seq: Node, ctx: Ctx) => {
      if (!isSeq(seq)) return;
      const items = seq.items.map((i) => resolve(i));
      const isVar = (n: Node | undefined) => {
        const name = scalarText(get(n, 'name'));
        return !!name && ENV_NAME.test(name) && entries(n).some(([k]) => k === 'value' || k === 'valueFrom');
      };
      const vars = items.filter(isVar);
      const extra = appNameHint(vars.map((n) => [scalarText(get(n, 'name')) ?? '', n]));
      items.forEach((item, i) => {
        const here = `${ctx.path}[${i}]`;
        if (isVar(item)) push(ctx, scalarText(get(item, 'name')) as string, lineOf(item), here, valueOf(item), false, extra);
        else walk(item, { ...ctx, path: here });
      });
    };

    const walk = (node: Node | undefined, ctx: Ctx): void => {
      if (!node || onStack.has(node)) return;
      onStack.add(node);
      try {
        if (isSeq(node)) readSeq(node, ctx);
        else if (isMap(node)) walkMap(node, ctx);
      } finally {
        onStack.delete(node);
      }
    };

    const walkMap = (map: Node, ctx: Ctx): void => {
      const pairs = entries(map);
      // Hints this map gives to everything inside it.
      const local: ServiceHint[] = [];
      if (ctx.manifest) {
        const name = scalarText(get(map, 'name'));
        const image = scalarText(get(map, 'image'));
        if (name && image !== undefined) {
          local.push({ source: 'container', text: name });
          if (image) local.push({ source: 'image', text: image });
        }
        const meta = get(map, 'metadata');
        if (meta && ctx.path !== '') local.push(...labelHints(meta, 'pod-label'));
      } else {
        for (const key of ['nameOverride', 'fullnameOverride']) {
          const t = scalarText(get(map, key));
          if (t) local.push({ source: 'workload-name', text: t });
        }
        const image = get(map, 'image');
        const repo = scalarText(image) ?? scalarText(get(image, 'repository'));
        if (repo) local.push({ source: 'image', text: repo });
      }
      const here: Ctx = { ...ctx, hints: [...local, ...ctx.hints] };
      if (ctx.manifest && local.some((h) => h.source === 'container')) {
        const s = detectService(here.hints);
        if (s) services.add(s);
      }
      for (const [key, value, keyNode] of pairs) {
        const path = ctx.path ? `${ctx.path}.${key}` : key;
        const keys = [...ctx.keys, key];
        if (!ctx.manifest && isMap(value) && ENV_MAP_KEY.test(canonicalSettingName(key))) {
          readEnvMap(value, { ...here, path, keys }, false);
          continue;
        }
        if (isMap(value) || isSeq(value)) {
          // The outermost section names the service: `admin` inside runtime-manager's
          // `security.oauth2.service-account.admin` is a property, not a section.
          const inSection = here.hints.some((h) => h.source === 'section');
          const section = ctx.manifest || inSection ? undefined : matchService(key, false);
          const hints = section ? [{ source: 'section' as const, text: key }, ...here.hints] : here.hints;
          const disabled = here.disabled || (section !== undefined && scalarText(get(value, 'enabled')) === 'false');
          if (section && !disabled) services.add(section);
          walk(value, { ...here, hints, path, keys, disabled });
          continue;
        }
        if (!ctx.manifest) {
          const property = watchedSuffix(keys);
          if (property) push(here, property, lineOf(keyNode), path, valueOf(value), false);
        }
      }
    };

    const root = resolve(doc.contents);
    const readManifest = (res: Node | undefined, where: string) => {
      const kind = scalarText(get(res, 'kind')) ?? '';
      const meta = get(res, 'metadata');
      const name = scalarText(get(meta, 'name')) ?? '';
      const hints: ServiceHint[] = [...labelHints(meta, 'workload-label'), ...(name ? [{ source: 'workload-name' as const, text: name }] : []), ...fileHints];
      const ctx: Ctx = { hints, path: '', keys: [], manifest: true };
      const resource = `${where}${kind}/${name || '?'}`;
      if (kind === 'List') {
        const items = get(res, 'items');
        if (isSeq(items)) items.items.forEach((item, i) => readManifest(resolve(item), `${where}items[${i}] `));
        return;
      }
      manifests++;
      const s = detectService(hints);
      if (s && kind !== 'Namespace') services.add(s);
      if (DATA_KINDS.has(kind)) {
        for (const key of ['data', 'stringData']) {
          const data = get(res, key);
          if (isMap(data)) readEnvMap(data, { ...ctx, path: `${resource}: ${key}` }, kind === 'Secret', kind === 'Secret' && key === 'data');
        }
        return;
      }
      const spec = get(res, 'spec');
      if (spec) walk(spec, { ...ctx, path: `${resource}: spec` });
    };

    if (isMap(root) && scalarText(get(root, 'apiVersion')) !== undefined && scalarText(get(root, 'kind')) !== undefined) {
      readManifest(root, '');
    } else if (root) {
      const fileService = detectService(fileHints);
      const disabled = scalarText(get(root, 'enabled')) === 'false';
      if (fileService && !disabled && entries(root).length > 0) services.add(fileService);
      walk(root, { hints: fileHints, path: '', keys: [], manifest: false, disabled });
    }
  }
  return { format: manifests > 0 ? 'kubernetes' : 'helm-values', services, variables };
}

/** The longest suffix of a key path that spells a watched Spring property, e.g. `security.oauth2.realm`. */
function watchedSuffix(keys: readonly string[]): string | undefined {
  for (let i = 0; i < keys.length; i++) {
    const suffix = keys.slice(i).join('.');
    if (WATCHED_PROPERTIES.has(canonicalSettingName(suffix))) return suffix;
  }
  return undefined;
}
