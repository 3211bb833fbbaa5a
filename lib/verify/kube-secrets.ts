import * as fs from 'node:fs';
import * as https from 'node:https';
import { parse } from 'yaml';

/** Just enough of a kubeconfig to reach the API server: current context, CA, client cert or token. */
export interface KubeAccess {
  readonly server: string;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
}

export function readKubeconfig(file: string, context?: string): KubeAccess {
  const doc = parse(fs.readFileSync(file, 'utf8')) as any;
  const ctxName = context || doc['current-context'];
  const ctx = (doc.contexts ?? []).find((c: any) => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`kubeconfig ${file} has no context "${ctxName}"`);
  const cluster = (doc.clusters ?? []).find((c: any) => c.name === ctx.cluster)?.cluster;
  const user = (doc.users ?? []).find((u: any) => u.name === ctx.user)?.user ?? {};
  if (!cluster?.server) throw new Error(`kubeconfig ${file}: cluster "${ctx.cluster}" has no server`);
  const data = (inline: string | undefined, path: string | undefined) =>
    inline ? Buffer.from(inline, 'base64') : path ? fs.readFileSync(path) : undefined;
  const ca = data(cluster['certificate-authority-data'], cluster['certificate-authority']);
  const cert = data(user['client-certificate-data'], user['client-certificate']);
  const key = data(user['client-key-data'], user['client-key']);
  return { server: cluster.server, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(user.token ? { token: user.token } : {}) };
}

/** One key of a Secret, decoded; undefined when the Secret or key is absent. The value is never logged. */
export async function readSecretKey(access: KubeAccess, namespace: string, name: string, key: string): Promise<string | undefined> {
  const body = (await kubeGet(access, `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`)) as
    | { data?: Record<string, string> }
    | undefined;
  const value = body?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

/** GET of an API path as JSON; undefined on 404. */
export function kubeGet(access: KubeAccess, apiPath: string): Promise<unknown> {
  return kubeRequest(access, 'GET', apiPath);
}

/** One API call with a JSON body; undefined on 404, an error on any other non-2xx answer. */
export function kubeRequest(access: KubeAccess, method: string, apiPath: string, body?: unknown): Promise<unknown> {
  const url = new URL(apiPath, access.server);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ...(access.ca ? { ca: access.ca } : {}),
        ...(access.cert ? { cert: access.cert } : {}),
        ...(access.key ? { key: access.key } : {}),
        headers: {
          ...(access.token ? { authorization: `Bearer ${access.token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          if (code === 404) return resolve(undefined);
          if (code < 200 || code >= 300) return reject(new Error(`${method} ${apiPath} answered ${code}`));
          resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
