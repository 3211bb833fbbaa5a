/** The few Keycloak endpoints `verify` needs, through Node's fetch. Secrets go in bodies, never URLs. */

export interface TokenResponse {
  readonly status: number;
  readonly accessToken?: string;
  readonly error?: string;
}

export async function clientCredentialsToken(tokenUri: string, clientId: string, clientSecret: string): Promise<TokenResponse> {
  const res = await fetch(tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string };
  return { status: res.status, ...(body.access_token ? { accessToken: body.access_token } : {}), ...(body.error ? { error: body.error } : {}) };
}

export async function fetchJson(url: string, bearer?: string): Promise<unknown> {
  const body = await fetchJsonIfFound(url, bearer);
  if (body === undefined) throw new Error(`GET ${url} answered 404`);
  return body;
}

/** Like fetchJson, but a 404 is an answer (undefined), not an error. */
export async function fetchJsonIfFound(url: string, bearer?: string): Promise<unknown> {
  const res = await fetch(url, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.json();
}

/** An admin token from the master realm (admin-cli, password grant), for reading client secrets. */
export async function adminToken(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string };
  if (!res.ok || !body.access_token) throw new Error(`Keycloak admin login as "${username}" failed (${res.status})`);
  return body.access_token;
}

/** A client's current secret through the admin API; undefined when the client does not exist. */
export async function clientSecretFromAdmin(baseUrl: string, token: string, realm: string, clientId: string): Promise<string | undefined> {
  const list = (await fetchJson(`${baseUrl}/admin/realms/${encodeURIComponent(realm)}/clients?clientId=${encodeURIComponent(clientId)}`, token)) as { id: string }[];
  const id = list[0]?.id;
  if (!id) return undefined;
  const secret = (await fetchJson(`${baseUrl}/admin/realms/${encodeURIComponent(realm)}/clients/${id}/client-secret`, token)) as { value?: string };
  return secret.value;
}
