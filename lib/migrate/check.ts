import { findRemovedSetting, GUIDE, isSecurityTypeSetting } from '../catalog/removed-settings';
import { serviceAccountClientId } from '../catalog/secret-names';
import { CATALOG, type ServiceName } from '../catalog/services';
import type { Datastore } from '../catalog/types';
import { VAR } from '../contract/environment-contract';
import { literalOf, type FoundVariable, type ReadResult, type UnreadableInput } from './found-variable';
import { shownValue } from './redact';
import { DATASTORE_SETTINGS, findChangedDefault, isSetting } from './watched-settings';

/** Where a finding was read. */
export interface Place {
  readonly file: string;
  readonly line: number | null;
  /** YAML path or variable name inside the file. */
  readonly location: string;
  readonly service: ServiceName | null;
  /** The setting as spelled in the file. */
  readonly setting: string;
}

export interface RemovedSettingFinding extends Place {
  /** The guide's spelling of the same property. */
  readonly guideName: string;
  readonly description: string;
  /** The value as `check` may print it (credentials are `<redacted>`). */
  readonly value: string;
  readonly replacement: string;
  readonly guide: string;
}

export interface ChangedDefaultFinding extends Place {
  readonly guideName: string;
  readonly value: string;
  readonly oldDefault: string;
  readonly newDefault: string;
  readonly problem: string;
  readonly fix: string;
  readonly guide: string;
}

export interface ClientRename {
  readonly service: ServiceName | null;
  readonly oldClientId: string;
  /** null when the service is unknown or has no service-account client in 5.5. */
  readonly newClientId: string | null;
  readonly note: string | null;
  readonly foundIn: readonly { readonly file: string; readonly line: number | null; readonly setting: string }[];
  readonly guide: string;
}

export interface MissingItem {
  readonly kind: 'service' | 'datastore' | 'keycloak';
  readonly item: string;
  readonly detail: string;
  /** Whether the input shows the installation already has it (a datastore other services use). */
  readonly seenInInput: boolean;
  readonly guide: string;
}

/** Settings of the current installation that a rollback to 5.4 needs (EnvironmentConfig.keycloak). */
export interface RecordedSettings {
  readonly keycloak: {
    readonly mainRealm?: string;
    readonly introspectionClientId?: string;
    readonly legacyClientIds: Readonly<Partial<Record<ServiceName, string>>>;
  };
  /** Settings found with more than one value, left out of `keycloak`. */
  readonly conflicts: readonly string[];
}

export interface CheckReport {
  readonly files: readonly { readonly file: string; readonly format: string; readonly services: readonly ServiceName[]; readonly variables: number }[];
  readonly unreadable: readonly UnreadableInput[];
  readonly removedSettings: readonly RemovedSettingFinding[];
  readonly changedDefaults: readonly ChangedDefaultFinding[];
  readonly clientRenames: readonly ClientRename[];
  readonly missing: readonly MissingItem[];
  readonly recorded: RecordedSettings;
  readonly notes: readonly string[];
  /** 0 nothing to change, 1 findings, 2 some input could not be read (wins over 1). */
  readonly exitCode: 0 | 1 | 2;
}

const PLACEHOLDER = /\$\{([^}:]+)(?::[^}]*)?\}|\$\(([^)]+)\)/g;
const CLIENT_ID_FORM = /^flowx-[a-z0-9-]+-sa$/;

/** Names inside `${…}` (Spring) and `$(…)` (Kubernetes) placeholders. */
function placeholders(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? m[2] ?? '').trim());
}
function refersTo(value: string, setting: string): boolean {
  return placeholders(value).some((p) => isSetting(p, setting));
}
function isTemplated(value: string): boolean {
  return /\$\{|\$\(|\{\{/.test(value);
}

function place(v: FoundVariable): Place {
  return { file: v.file, line: v.line ?? null, location: v.location, service: v.service ?? null, setting: v.name };
}
function shown(v: FoundVariable): string {
  return v.value.kind === 'reference' ? `(${v.value.source})` : shownValue(v.name, v.value.value, v.confidential);
}

/** Everything a 5.4 configuration must change for 5.5. Pure: it only reads `input`. */
export function checkInputs(input: ReadResult): CheckReport {
  const vars = input.files.flatMap((f) => f.variables);
  const removedSettings: RemovedSettingFinding[] = [];
  const changedDefaults: ChangedDefaultFinding[] = [];

  const literals = (setting: string, service?: ServiceName | null) =>
    vars
      .filter((v) => isSetting(v.name, setting) && (service === undefined || v.service === service))
      .map(literalOf)
      .filter((x): x is string => x !== undefined && x !== '' && !isTemplated(x));
  const mainRealmsOf = (service: ServiceName | null): Set<string> => {
    const own = service ? literals(VAR.realm, service) : [];
    return new Set(own.length > 0 ? own : literals(VAR.realm));
  };
  const saRealms = new Set(literals(VAR.saRealm));

  for (const v of vars) {
    const removed = findRemovedSetting(v.name);
    if (removed) {
      removedSettings.push({
        ...place(v),
        guideName: removed.name,
        description: removed.description,
        value: shown(v),
        replacement: removed.replacement,
        guide: removed.guide,
      });
    }
    const changed = findChangedDefault(v.name);
    const value = literalOf(v);
    if (!changed || value === undefined) continue;
    const expected = v.service ? serviceAccountClientId(v.service) : 'flowx-<service>-sa';
    const finding = (problem: string, fix: string) =>
      changedDefaults.push({
        ...place(v),
        guideName: changed.name,
        value: shown(v),
        oldDefault: changed.oldDefault,
        newDefault: changed.newDefault,
        problem,
        fix,
        guide: changed.guide,
      });
    if (isSecurityTypeSetting(v.name)) {
      if (value.trim().toLowerCase() === 'oauth2') {
        finding('pins oauth2 (opaque-token introspection), which 5.5 removed; the default is now jwt-public-key', 'remove the setting, or set jwt-public-key');
      }
    } else if (isSetting(v.name, VAR.mainIdentityClientId)) {
      if (refersTo(value, VAR.saAdminClientId)) {
        finding(`pins the 5.4 default, which refers to ${VAR.saAdminClientId} (removed in 5.5)`, `remove it: 5.5 defaults to ${expected}; rename the Keycloak client to match`);
      } else if (!isTemplated(value) && (v.service ? value !== expected : !CLIENT_ID_FORM.test(value))) {
        finding(`pins the client id "${shownValue(v.name, value, v.confidential)}"; 5.5 expects ${expected}`, `rename the Keycloak client to ${expected} and remove the setting (or set ${expected})`);
      }
    } else if (isSetting(v.name, VAR.mainIdentityClientSecret)) {
      if (refersTo(value, VAR.saAdminClientSecret)) {
        finding(`pins the 5.4 default, which refers to ${VAR.saAdminClientSecret} (removed in 5.5)`, `take the secret of ${expected} from its Kubernetes Secret (valueFrom.secretKeyRef)`);
      } else if (!isTemplated(value) && value !== '') {
        finding(`is pinned as a literal; in 5.5 it must be the secret of ${expected}, which 5.4 did not have`, `take the secret of ${expected} from a Kubernetes Secret (valueFrom.secretKeyRef), never a literal`);
      }
    } else if (isSetting(v.name, VAR.tokenUri)) {
      const realm = /\/realms\/([^/]+)\//.exec(value)?.[1];
      const mainRealms = mainRealmsOf(v.service ?? null);
      if (refersTo(value, VAR.realm)) {
        finding(`uses the main realm placeholder (${VAR.realm}, removed in 5.5)`, `point it at the service-account realm: \${security.oauth2.sa-realm} (${VAR.saRealm}), or remove it to take the 5.5 default`);
      } else if (realm && mainRealms.has(realm) && !saRealms.has(realm)) {
        finding(v.confidential ? 'points at the main realm' : `points at the main realm "${realm}"`, `point it at the service-account realm (${VAR.saRealm}), or remove it to take the 5.5 default`);
      }
    }
  }

  const clientRenames = renames(vars);
  const missing = missingFor55(input, vars);
  const recorded = record(vars, clientRenames);
  const notes: string[] = [];
  if (input.files.length > 0 && vars.length === 0 && input.files.every((f) => f.services.length === 0)) {
    notes.push('no FlowX service or variable was found in the input');
  }
  const findings = removedSettings.length + changedDefaults.length + clientRenames.length + missing.length;
  return {
    files: input.files.map((f) => ({ file: f.file, format: f.format, services: f.services, variables: f.variables.length })),
    unreadable: input.unreadable,
    removedSettings,
    changedDefaults,
    clientRenames,
    missing,
    recorded,
    notes,
    exitCode: input.unreadable.length > 0 ? 2 : findings > 0 ? 1 : 0,
  };
}

/** Old service-account client ids: SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID or a pinned MAINIDENTITY id. */
function renames(vars: readonly FoundVariable[]): ClientRename[] {
  const byKey = new Map<string, { service: ServiceName | null; old: string; foundIn: ClientRename['foundIn'][number][] }>();
  for (const v of vars) {
    if (!isSetting(v.name, VAR.saAdminClientId) && !isSetting(v.name, VAR.mainIdentityClientId)) continue;
    const old = literalOf(v)?.trim();
    if (!old || isTemplated(old) || v.confidential) continue;
    if (v.service && old === serviceAccountClientId(v.service)) continue;
    if (!v.service && CLIENT_ID_FORM.test(old) && isSetting(v.name, VAR.mainIdentityClientId)) continue;
    const key = `${v.service ?? ''}\u0000${old}`;
    const entry = byKey.get(key) ?? { service: v.service ?? null, old, foundIn: [] };
    entry.foundIn.push({ file: v.file, line: v.line ?? null, setting: v.name });
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ service, old, foundIn }) => {
    const hasClient = service !== null && CATALOG[service].serviceAccount !== undefined;
    return {
      service,
      oldClientId: old,
      newClientId: hasClient ? serviceAccountClientId(service) : null,
      note:
        service === null
          ? 'service not detected: name the file, folder, values section or workload after the service'
          : hasClient
            ? null
            : `${service} has no service-account client in 5.5: remove the setting`,
      foundIn,
      guide: GUIDE.clients,
    };
  });
}

const DATASTORE_LABEL: Readonly<Record<Datastore, string>> = {
  postgres: 'PostgreSQL',
  mongodb: 'MongoDB',
  redis: 'Redis',
  kafka: 'Kafka',
  elasticsearch: 'Elasticsearch',
  spicedb: 'SpiceDB',
};

/** Organization Manager and what it needs, when the input has no organization-manager. */
function missingFor55(input: ReadResult, vars: readonly FoundVariable[]): MissingItem[] {
  const services = new Set<string>(input.files.flatMap((f) => f.services));
  const anyFlowx = services.size > 0 || vars.length > 0;
  if (!anyFlowx || services.has('organization-manager')) return [];
  const spec = CATALOG['organization-manager'];
  const guide = GUIDE.organizationManager;
  const items: MissingItem[] = [
    {
      kind: 'service',
      item: `${spec.name} ${spec.releases['5.5.0'].version ?? ''}`.trim(),
      detail: 'new in 5.5 (organization and tenant management); not found in the input',
      seenInInput: false,
      guide,
    },
  ];
  for (const store of spec.datastores) {
    const seenAs = vars.find((v) => DATASTORE_SETTINGS[store].some((n) => isSetting(v.name, n)));
    const label = DATASTORE_LABEL[store];
    const seen = seenAs
      ? `already in use (${seenAs.name} in ${seenAs.service ?? seenAs.file})`
      : 'not seen in the input; install it before Organization Manager';
    const detail = store === 'postgres' ? `a database "${spec.database}" of its own, created before the service starts; PostgreSQL ${seen}` : seen;
    items.push({ kind: 'datastore', item: label, detail, seenInInput: seenAs !== undefined, guide });
  }
  items.push({
    kind: 'keycloak',
    item: `Keycloak client ${serviceAccountClientId(spec.name)}`,
    detail: 'a service-account client in the service-account realm',
    seenInInput: vars.some((v) => literalOf(v) === serviceAccountClientId(spec.name)),
    guide,
  });
  return items;
}

/** The 5.4 Keycloak settings this installation runs with, for a later rollback. */
function record(vars: readonly FoundVariable[], clientRenames: readonly ClientRename[]): RecordedSettings {
  const conflicts: string[] = [];
  const single = (label: string, values: string[]): string | undefined => {
    const distinct = [...new Set(values)];
    if (distinct.length > 1) conflicts.push(`${label}: ${distinct.length} different values`);
    return distinct.length === 1 ? distinct[0] : undefined;
  };
  const literalsOf = (...settings: string[]) =>
    vars
      .filter((v) => settings.some((s) => isSetting(v.name, s)) && !v.confidential)
      .map(literalOf)
      .filter((x): x is string => !!x && !isTemplated(x));
  const mainRealm = single('keycloak.mainRealm', literalsOf(VAR.realm));
  const introspectionClientId = single('keycloak.introspectionClientId', literalsOf(VAR.oauthClientId, VAR.introspectionClientId));
  const legacyClientIds: Partial<Record<ServiceName, string>> = {};
  const byService = new Map<ServiceName, string[]>();
  for (const r of clientRenames) if (r.service && r.newClientId) byService.set(r.service, [...(byService.get(r.service) ?? []), r.oldClientId]);
  for (const [service, ids] of byService) {
    const id = single(`keycloak.legacyClientIds.${service}`, ids);
    if (id) legacyClientIds[service] = id;
  }
  return {
    keycloak: { ...(mainRealm ? { mainRealm } : {}), ...(introspectionClientId ? { introspectionClientId } : {}), legacyClientIds },
    conflicts,
  };
}

