import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { OpenidClient } from '@cdktf-providers/keycloak/openid-client';
import { Role } from '@cdktf-providers/keycloak/role';
import { OpenidClientServiceAccountRealmRole } from '@cdktf-providers/keycloak/openid-client-service-account-realm-role';
import { OpenidClientServiceAccountRole } from '@cdktf-providers/keycloak/openid-client-service-account-role';
import { OpenidUserRealmRoleProtocolMapper } from '@cdktf-providers/keycloak/openid-user-realm-role-protocol-mapper';
import { DataKeycloakOpenidClient } from '@cdktf-providers/keycloak/data-keycloak-openid-client';
import type { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { CATALOG, type ServiceName } from '../catalog/services';
import { SecretNames, serviceAccountClientId } from '../catalog/secret-names';
import type { Release, ServiceAccountSpec } from '../catalog/types';
import { formatProblem } from '../config/problems';
import { ephemeralPassword, GeneratedSecret } from './generated-secret';
import { SERVICE_ACCOUNT_SERVICES, validateServiceAccounts } from './service-account-validation';

export interface ServiceAccountClientsProps {
  readonly release: Release;
  /** The realm the clients live in (the SA realm's id, as a reference). */
  readonly realmId: string;
  /** Namespace of the Kubernetes Secrets (a reference, so the namespace exists first). */
  readonly namespace: string;
  /** @default - every catalog service with a serviceAccount */
  readonly services?: readonly ServiceName[];
  /** 5.4/rollback client ids. @default - serviceAccountClientId(service), `flowx-<service>-sa` */
  readonly clientIds?: Partial<Record<ServiceName, string>>;
  /** Replaces the catalog's role lists of a service, field by field. @default - the catalog's */
  readonly roles?: Partial<Record<ServiceName, Partial<ServiceAccountSpec>>>;
  /** Secret version per service; raising it rotates the secret in Keycloak and Kubernetes in one apply. @default 1 */
  readonly rotation?: Partial<Record<ServiceName, number>>;
  /** Per-client access-token lifespan. @default - the realm's */
  readonly accessTokenLifespan?: string;
  /** Length of the generated secrets (letters and digits). @default 48 */
  readonly secretLength?: number;
  /** Environment named in problems. @default - the stack's id */
  readonly environment?: string;
}

const REALM_MANAGEMENT = 'realm-management';
/** Keycloak's client authenticator for client_secret_basic and client_secret_post alike. */
const CLIENT_SECRET_AUTH = 'client-secret';

/**
 * One confidential client-credentials client per FlowX service account, its roles, and its
 * secret in a Kubernetes Secret. The secret is generated at apply time by an ephemeral
 * `random_password` and written through write-only attributes: it is in neither the JSON
 * nor the Terraform state (ADR 0004).
 */
export class ServiceAccountClients extends Construct {
  readonly services: readonly ServiceName[];
  readonly clientIds: ReadonlyMap<ServiceName, string>;
  readonly clients: ReadonlyMap<ServiceName, OpenidClient>;
  readonly secrets: ReadonlyMap<ServiceName, SecretV1>;
  /** Secret version per service; a pod-template annotation with it restarts the service on rotation. */
  readonly revisions: ReadonlyMap<ServiceName, number>;
  /** The `${ephemeral.random_password.<name>.result}` reference each service's secret is written from. */
  readonly secretValueRefs: ReadonlyMap<ServiceName, string>;
  /** Realm roles created in the realm, one per distinct name. */
  readonly realmRoles: ReadonlyMap<string, Role>;

  constructor(scope: Construct, id: string, props: ServiceAccountClientsProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    // Unknown names are reported by the validation below, not built.
    this.services = (props.services ?? SERVICE_ACCOUNT_SERVICES).filter((s) => CATALOG[s]?.serviceAccount);
    const specs = new Map(this.services.map((s) => [s, { ...CATALOG[s].serviceAccount!, ...props.roles?.[s] }]));

    const realmRoles = new Map<string, Role>();
    const rolesScope = new Construct(this, 'realm-roles');
    for (const name of [...new Set([...specs.values()].flatMap((s) => s.realmRoles))].sort()) {
      realmRoles.set(name, new Role(rolesScope, name, { realmId: props.realmId, name, description: 'Granted to FlowX service accounts' }));
    }
    this.realmRoles = realmRoles;
    const realmManagement = [...specs.values()].some((s) => s.realmManagementRoles.length > 0)
      ? new DataKeycloakOpenidClient(this, REALM_MANAGEMENT, { realmId: props.realmId, clientId: REALM_MANAGEMENT })
      : undefined;

    const clientIds = new Map<ServiceName, string>();
    const clients = new Map<ServiceName, OpenidClient>();
    const secrets = new Map<ServiceName, SecretV1>();
    const revisions = new Map<ServiceName, number>();
    const refs = new Map<ServiceName, string>();
    for (const service of this.services) {
      const spec = specs.get(service)!;
      const scopeOf = new Construct(this, service);
      const clientId = props.clientIds?.[service] ?? serviceAccountClientId(service);
      const revision = props.rotation?.[service] ?? 1;
      // Named after scopeOf's path (sa-clients_<service>): unique in the stack, stable across runs.
      const ref = ephemeralPassword(scopeOf, props.secretLength ?? 48);

      const client = new OpenidClient(scopeOf, 'client', {
        realmId: props.realmId,
        clientId,
        name: `FlowX ${CATALOG[service].displayName} service account`,
        description: 'client_credentials only; secret managed by cdktf (write-only)',
        enabled: true,
        accessType: 'CONFIDENTIAL',
        clientAuthenticatorType: CLIENT_SECRET_AUTH,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        frontchannelLogoutEnabled: false,
        clientSecretWo: ref,
        clientSecretWoVersion: revision,
        ...(props.accessTokenLifespan ? { accessTokenLifespan: props.accessTokenLifespan } : {}),
      });
      const saUser: string = client.serviceAccountUserId;

      for (const role of spec.realmRoles) {
        new OpenidClientServiceAccountRealmRole(scopeOf, `realm-role-${role}`, {
          realmId: props.realmId,
          serviceAccountUserId: saUser,
          role: realmRoles.get(role)!.name,
        });
      }
      for (const role of spec.realmManagementRoles) {
        new OpenidClientServiceAccountRole(scopeOf, `${REALM_MANAGEMENT}-${role}`, {
          realmId: props.realmId,
          serviceAccountUserId: saUser,
          clientId: realmManagement!.id,
          role,
        });
      }
      if (spec.rolesClaim) {
        new OpenidUserRealmRoleProtocolMapper(scopeOf, 'roles-claim', {
          realmId: props.realmId,
          clientId: client.id,
          name: 'realm-roles',
          claimName: 'roles',
          claimValueType: 'String',
          multivalued: true,
          addToAccessToken: true,
          addToIdToken: false,
          addToUserinfo: false,
        });
      }

      const target = SecretNames.clientSecret(service);
      // Bound to the client: written once Keycloak took the value, and re-created with it when a
      // rollback replaces the client (new realm or id), whatever the revision says.
      const secret = new GeneratedSecret(scopeOf, 'credentials', {
        name: target.secretName,
        namespace: props.namespace,
        password: ref,
        revision,
        boundTo: client,
        labels: { 'app.kubernetes.io/component': service },
        annotations: { 'flowx.ai/keycloak-client-id': clientId },
        data: (value) => ({ [target.key]: value }),
      }).secret;

      clientIds.set(service, clientId);
      clients.set(service, client);
      secrets.set(service, secret);
      revisions.set(service, revision);
      refs.set(service, ref);
    }
    this.clientIds = clientIds;
    this.clients = clients;
    this.secrets = secrets;
    this.revisions = revisions;
    this.secretValueRefs = refs;

    this.node.addValidation({
      validate: () =>
        validateServiceAccounts(props.environment ?? stack.node.id, {
          release: props.release,
          ...(props.services ? { services: props.services } : {}),
          ...(props.clientIds ? { clientIds: props.clientIds } : {}),
          ...(props.roles ? { roles: props.roles } : {}),
          ...(props.rotation ? { rotation: props.rotation } : {}),
        }).map(formatProblem),
    });
  }
}
