/**
 * Finds literal secrets in a synthesized cdk.tf.json. A value is suspect when its key (or, for
 * `{ name, value }` env entries, its name) ends in a credential word, and every leaf of a
 * Kubernetes Secret's data is suspect. A suspect string passes only as a reference:
 * a Terraform expression `${...}` or a Kubernetes `$(VAR)` expansion. `secret_key_ref` /
 * `value_from` objects are references by construction and are not descended into. Objects
 * under a credential-named key (a volume's `secret` block) are walked like any other.
 */
export interface SecretFinding {
  /** JSON path of the value, e.g. `resource.keycloak_openid_client.x.client_secret`. */
  readonly path: string;
  /** Why the value counts as a secret; never the value itself, which may be one. */
  readonly reason: string;
}

/** Key names (snake or camel case) ending in a credential word; `_wo` is a write-only twin. */
const SECRET_KEY = /(^|_)(secret|password|passwd|token|key|credentials?)(_wo)?$/i;
/** Env var names ending in a credential word (API_KEY, ..._CLIENT_SECRET, FLOWX_SPICEDB_TOKEN). */
const SECRET_ENV = /(^|_)(SECRET|PASSWORD|PASSWD|TOKEN|KEY|CREDENTIALS?)$/i;
const SECRET_RESOURCES = new Set(['kubernetes_secret', 'kubernetes_secret_v1']);
const SECRET_DATA = new Set(['data', 'data_wo', 'binary_data', 'binary_data_wo', 'string_data']);
/** Keys of a Secret's data that name who, not what: a basic-auth Secret's login. */
const NOT_SECRET_DATA = new Set(['username', 'user']);
const REFERENCE_OBJECTS = new Set(['secret_key_ref', 'value_from', 'secretKeyRef', 'valueFrom', 'config_map_key_ref']);
/** A bare `key` next to one of these names an entry (volume item, toleration, selector), not a credential. */
const KEY_AS_IDENTIFIER = ['path', 'operator', 'values', 'effect'];

export function isReference(value: string): boolean {
  return /^\$\{[\s\S]+\}$/.test(value) || /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(value) || hasReferencedPassword(value);
}

/** A connection URI whose only credential, the password in its userinfo, is a Terraform reference. */
function hasReferencedPassword(value: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:(\$\{[^{}]+\})@[^@\s]+$/i.exec(value);
  return m !== null && !/[?&](password|token|secret)=/i.test(value);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
}

export function scanForLiteralSecrets(json: unknown): SecretFinding[] {
  const findings: SecretFinding[] = [];

  /** Every non-empty string leaf under `value` must be a reference. */
  const requireReferences = (value: unknown, path: string, reason: string): void => {
    if (typeof value === 'string') {
      if (value !== '' && !isReference(value)) findings.push({ path, reason });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => requireReferences(v, `${path}[${i}]`, reason));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (!REFERENCE_OBJECTS.has(k) && !NOT_SECRET_DATA.has(k)) requireReferences(v, `${path}.${k}`, reason);
      }
    }
  };

  const walk = (value: unknown, path: string[]): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path.slice(0, -1), `${path[path.length - 1]}[${i}]`]));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const here = path.join('.');
    const obj = value as Record<string, unknown>;
    // A container env entry: the secret-ness is in its name, the value in `value`.
    if (typeof obj.name === 'string' && SECRET_ENV.test(obj.name) && 'value' in obj) {
      requireReferences(obj.value, `${here}.value`, `env ${obj.name} holds a literal; use value_from.secret_key_ref`);
    }
    // A variable named like a credential must not carry a default.
    if (path[0] === 'variable' && path.length === 2 && isSecretKey(path[1]!) && 'default' in obj) {
      requireReferences(obj.default, `${here}.default`, `variable ${path[1]} has a literal default; make it sensitive without default`);
    }
    for (const [key, child] of Object.entries(obj)) {
      if (key === '//' || REFERENCE_OBJECTS.has(key)) continue;
      const childPath = [...path, key];
      const isSecretData = path[0] === 'resource' && path.length === 3 && SECRET_RESOURCES.has(path[1]!) && SECRET_DATA.has(key);
      const identifier = key.toLowerCase() === 'key' && KEY_AS_IDENTIFIER.some((k) => k in obj);
      const leaf = typeof child === 'string' || (Array.isArray(child) && child.every((c) => typeof c === 'string'));
      if (isSecretData) requireReferences(child, childPath.join('.'), `Kubernetes Secret ${key} holds a literal`);
      else if (isSecretKey(key) && leaf && !identifier) requireReferences(child, childPath.join('.'), `"${key}" holds a literal`);
      else walk(child, childPath);
    }
  };

  walk(json, []);
  return findings;
}
