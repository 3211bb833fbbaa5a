import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { CATALOG, type ServiceName } from '../catalog/services';
import type { EnvironmentConfig } from '../config/environment-config';
import type { ResolvedEnvironment } from '../config/resolve';
import { legacyClientId } from '../config/settings';
import { ServiceAccountClients } from './service-account-clients';
import { ServiceAccountRealm } from './service-account-realm';
import { MainRealm } from './main-realm';
import { IntrospectionClient } from './introspection-client';
import { SERVICE_ACCOUNT_SERVICES } from './service-account-validation';

export interface PlatformIdentityProps {
  readonly config: EnvironmentConfig;
  readonly environment: ResolvedEnvironment;
  readonly namespace: string;
}

/**
 * Keycloak for one release. 5.5: the service-account realm and the ten `flowx-<service>-sa`
 * clients. 5.4 (and rollback): the clients of the running services under their old ids, in
 * the main realm, as the 5.4 contract expects.
 */
export class PlatformIdentity extends Construct {
  readonly realm?: ServiceAccountRealm;
  readonly mainRealm?: MainRealm;
  /** 5.4 only: the shared introspection client the oauth2 services call. */
  readonly introspection?: IntrospectionClient;
  readonly clients: ServiceAccountClients;

  private readonly environment: ResolvedEnvironment;

  constructor(scope: Construct, id: string, props: PlatformIdentityProps) {
    super(scope, id);
    const env = props.environment;
    this.environment = env;
    const kc = env.settings.keycloak;
    const cfg = props.config.keycloak ?? {};
    const mode = cfg.mainRealmMode ?? 'unmanaged';
    const common = {
      release: env.release,
      namespace: props.namespace,
      environment: env.name,
      ...(cfg.rotation ? { rotation: cfg.rotation } : {}),
      ...(cfg.serviceAccountRoles ? { roles: cfg.serviceAccountRoles } : {}),
    };
    if (mode !== 'unmanaged') this.mainRealm = new MainRealm(this, 'main-realm', { name: kc.mainRealm, mode });
    if (env.release === '5.4.0') {
      const services = SERVICE_ACCOUNT_SERVICES.filter((s) => CATALOG[s].releases['5.4.0'].enabled && env.services.find((r) => r.name === s)?.enabled);
      this.clients = new ServiceAccountClients(this, 'clients', {
        ...common,
        // Keycloak resources take a realm's name as its id.
        realmId: this.mainRealm?.realmId ?? kc.mainRealm,
        services,
        clientIds: Object.fromEntries(services.map((s) => [s, legacyClientId(kc, s)])),
      });
      this.introspection = new IntrospectionClient(this, 'introspection-client', {
        realmId: this.mainRealm?.realmId ?? kc.mainRealm,
        clientId: kc.introspectionClientId,
        namespace: props.namespace,
      });
      return;
    }
    this.realm = new ServiceAccountRealm(this, 'sa-realm', {
      realmName: kc.serviceAccountRealm,
      ...(cfg.tokens ? { tokens: cfg.tokens } : {}),
      mainRealmName: kc.mainRealm,
      environment: env.name,
    });
    this.clients = new ServiceAccountClients(this, 'clients', { ...common, realmId: this.realm.realmId });
  }

  /** A service starts after its client secrets are in their Secrets. */
  readyFor(service: ServiceName): ITerraformDependable[] {
    const secret = this.clients.secrets.get(service);
    const oauth2 = this.environment.services.find((s) => s.name === service)?.flags.securityType === 'oauth2';
    const introspection = this.introspection && oauth2 ? [this.introspection.secret.secret] : [];
    return [...(secret ? [secret] : []), ...introspection];
  }

  /** Rotating a client secret changes this annotation, so the pods restart with the new one. */
  annotationsFor(service: ServiceName): Record<string, string> {
    const revision = this.clients.revisions.get(service);
    return revision === undefined ? {} : { 'flowx.ai/client-secret-revision': String(revision) };
  }
}
