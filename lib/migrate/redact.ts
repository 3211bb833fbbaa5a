/**
 * What `flowx-migrate` may print of a value it read. A value is shown only when its setting is
 * not a credential: SECURITY_TYPE, realms, client ids, URIs (with any userinfo or credential
 * query parameter masked). Every other setting named like a credential shows `<redacted>`.
 */
export const REDACTED = '<redacted>';

/** Words that make a setting a credential (matched inside each word of its name). */
const CREDENTIAL_WORD = /(secret|password|passwd|pwd|token|credential|passphrase)/;
/** `key` only as a word or a word's end (apikey, presharedkey), so `keycloak` stays readable. */
const KEY_WORD = /key$|^keys$/;

/** The words of a setting name in any spelling: SNAKE_CASE, dotted, kebab-case or camelCase. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function isClientIdName(words: readonly string[]): boolean {
  const joined = words.join('');
  return joined.endsWith('clientid');
}

export function isUriName(name: string): boolean {
  const last = nameWords(name).at(-1) ?? '';
  return ['uri', 'url', 'uris', 'urls'].includes(last) || /(uri|url)s?$/.test(last);
}

/** Whether a setting's value is a credential and must never be printed. */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  if (isClientIdName(words) || isUriName(name)) return false;
  return words.some((w) => CREDENTIAL_WORD.test(w) || KEY_WORD.test(w));
}

const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;
const CREDENTIAL_PARAM = /([?&;](?:[^=&;#\s]*(?:secret|password|passwd|pwd|token|credential|key)[^=&;#\s]*)=)[^&;#\s]*/gi;

/** A URI (or any text holding URIs) with userinfo and credential query parameters masked. */
export function maskUri(text: string): string {
  return text.replace(USERINFO, `$1${REDACTED}@`).replace(CREDENTIAL_PARAM, `$1${REDACTED}`);
}

/**
 * The printable form of a value read from the user's files.
 * @param confidential the value came from a Kubernetes Secret: never shown, whatever its name
 */
export function shownValue(name: string, value: string, confidential = false): string {
  if (confidential || isCredentialName(name)) return REDACTED;
  return maskUri(value);
}
