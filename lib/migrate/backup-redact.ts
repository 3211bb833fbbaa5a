import { isCredentialName, maskUri, nameWords, REDACTED } from './redact';

/**
 * Redaction for `flowx-migrate backup`. Every value the backup replaces is remembered, so a final
 * pass can also mask it where it shows up under an innocent name (a client secret pasted into a
 * description, a password inside a URL of another variable).
 */
export class SecretCollector {
  private readonly seen = new Set<string>();
  /** How many values were replaced by `<redacted>`. */
  count = 0;

  /** Remembers a value that was withheld; returns the placeholder written instead. */
  withhold(value: string): string {
    this.count++;
    this.remember(value);
    return REDACTED;
  }

  /** Remembers a secret that was never part of the data (the admin password, the admin token). */
  remember(value: string | undefined): void {
    // Shorter values are too likely to occur by chance (`admin`, `true`, `8080`) to be searched for.
    if (value && value.length >= MIN_SEARCHED) this.seen.add(value);
  }

  /** `value` with every remembered secret masked in every string, keys included. */
  scrub<T>(value: T): T {
    if (this.seen.size === 0) return value;
    const secrets = [...this.seen].sort((a, b) => b.length - a.length);
    const clean = (s: string): string => {
      let out = s;
      for (const secret of secrets) {
        if (out.includes(secret)) {
          out = out.split(secret).join(REDACTED);
          this.count++;
        }
      }
      return out;
    };
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return clean(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}

const MIN_SEARCHED = 8;

/**
 * Keycloak settings whose names contain a credential word but whose values are settings:
 * `passwordPolicy`, `access.token.lifespan`, `client.secret.creation.time`, `resetCredentialsFlow`.
 * Matched on the name's last word. `client.secret.rotated` (the previous secret) is not among them.
 */
const SETTING_LAST_WORDS = new Set([
  'lifespan',
  'timeout',
  'time',
  'alg',
  'algorithm',
  'algorithms',
  'policy',
  'mode',
  'method',
  'flow',
  'alias',
  'enabled',
  'allowed',
  'required',
  'interval',
  'type',
]);
/** Words that make a name a duration setting wherever they stand. */
const SETTING_ANYWHERE = new Set(['lifespan', 'timeout']);
/** Whole Keycloak names that are settings, not credentials. */
const SETTING_NAMES = new Set(['requiredCredentials', 'clientAuthenticatorType']);

/** Whether a Keycloak field or attribute holds a credential (its value is never written). */
export function isKeycloakSecretName(name: string): boolean {
  if (SETTING_NAMES.has(name)) return false;
  // `webAuthnPolicyPasswordless…` names a WebAuthn policy, not a password.
  const words = nameWords(name).filter((w) => w !== 'passwordless');
  if (words.length === 0 || SETTING_LAST_WORDS.has(words.at(-1)!)) return false;
  // `actionTokenGeneratedByUserLifespan.reset-credentials`: a lifespan per action.
  if (words.some((w) => SETTING_ANYWHERE.has(w))) return false;
  return isCredentialName(words.join('_'));
}

/** Booleans written as strings (Keycloak attributes are all strings) are never secrets. */
function isBooleanText(value: string): boolean {
  return value === 'true' || value === 'false';
}

/**
 * A Keycloak representation (realm, client, identity provider, user) with every credential replaced
 * by `<redacted>`:
 * - any field or attribute named like a secret, password, key, token or credential: `secret`,
 *   `smtpServer.password`, `identityProviders[].config.clientSecret`, `registrationAccessToken`,
 *   `attributes["client.secret.rotated"]`, `attributes["saml.signing.private.key"]`;
 * - everything under such a name when it is an object or list (`credentials: [{ value, secretData }]`);
 * - userinfo and credential query parameters of every URL.
 * Numbers, booleans and `"true"`/`"false"` stay, so `accessTokenLifespan` or `use.refresh.tokens` remain readable.
 */
export function redactKeycloak<T>(value: T, secrets: SecretCollector): T {
  const walk = (v: unknown, key: string | undefined, inSecret: boolean): unknown => {
    if (typeof v === 'string') {
      if (v === '' || isBooleanText(v)) return v;
      if (inSecret || (key !== undefined && isKeycloakSecretName(key))) return secrets.withhold(v);
      const masked = maskUri(v);
      if (masked !== v) secrets.count++;
      return masked;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key, inSecret));
    if (v && typeof v === 'object') {
      const under = inSecret || (key !== undefined && isKeycloakSecretName(key));
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, under || (x !== null && typeof x === 'object' && isKeycloakSecretName(k)))]));
    }
    return v;
  };
  return walk(value, undefined, false) as T;
}

/** A realm (GET /admin/realms/{realm}) as the backup writes it. */
export function redactRealm(realm: unknown, secrets: SecretCollector): unknown {
  return redactKeycloak(realm, secrets);
}

/** A realm's clients (GET /admin/realms/{realm}/clients) as the backup writes them. */
export function redactClients(clients: unknown, secrets: SecretCollector): unknown[] {
  return Array.isArray(clients) ? clients.map((c) => redactKeycloak(c, secrets)) : [];
}

/**
 * A container variable's or ConfigMap entry's value as the backup writes it: `<redacted>` when its
 * name is a credential (as `check` decides, lib/migrate/redact.ts), otherwise the value with URL
 * credentials masked.
 */
export function redactVariable(name: string, value: string, secrets: SecretCollector): string {
  if (value !== '' && isCredentialName(name)) return secrets.withhold(value);
  const masked = maskUri(value);
  if (masked !== value) secrets.count++;
  return masked;
}
