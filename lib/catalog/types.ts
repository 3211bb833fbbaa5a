/** The releases this library carries a contract for. */
export const RELEASES = ['5.4.0', '5.5.0'] as const;
export type Release = (typeof RELEASES)[number];

/** How a service authenticates incoming calls. */
export type SecurityType = 'oauth2' | 'jwt-public-key' | 'none';

/** Which Keycloak realm the service's token URI (client_credentials) points at. */
export type TokenRealm = 'main' | 'sa' | 'none';

export type WorkloadKind = 'deployment' | 'job';

/** A datastore a service's contract wires in. */
export type Datastore = 'postgres' | 'mongodb' | 'redis' | 'kafka' | 'elasticsearch' | 'spicedb';

/**
 * A fact no public page states. The catalog carries the reason so the generated docs
 * show it, and a user can override the flag per service (see ServiceOverrides.flags).
 */
export interface Assumption {
  readonly about: string;
  readonly reason: string;
}

/** Per-release facts of one service. */
export interface ReleaseSpec {
  /** Image tag of this release; undefined when FlowX ships no image for it. */
  readonly version?: string;
  /** Whether the default platform runs it in this release. */
  readonly enabled: boolean;
  readonly securityType: SecurityType;
  readonly tokenRealm: TokenRealm;
  /** Whether the service carries the MAINIDENTITY client registration. */
  readonly mainIdentity: boolean;
}

export interface HealthProbes {
  readonly port: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
}

export interface ServiceSpec {
  readonly name: string;
  readonly displayName: string;
  readonly kind: WorkloadKind;
  /** Image repository name under the registry prefix. */
  readonly image: string;
  /** spring.application.name, when the image serves several services. */
  readonly applicationName?: string;
  readonly releases: Readonly<Record<Release, ReleaseSpec>>;
  /** The service's own Keycloak service-account client, when it has one. */
  readonly serviceAccount?: ServiceAccountSpec;
  /** Datastores in the order their variables appear. */
  readonly datastores: readonly Datastore[];
  /** The PostgreSQL database the service owns, when it uses PostgreSQL. */
  readonly database?: string;
  /** Uses another service's database and credentials instead of its own. */
  readonly sharesDatabaseWith?: string;
  readonly httpPort: number;
  readonly management: { readonly port: number; readonly basePath: string };
  readonly probes: HealthProbes;
  /** Exposed through a Kubernetes Service (Jobs are not). */
  readonly exposed: boolean;
  readonly assumptions: readonly Assumption[];
}

export interface ServiceAccountSpec {
  /** Realm roles granted to the service-account user (created in the SA realm when missing). */
  readonly realmRoles: readonly string[];
  /** Roles of Keycloak's realm-management client granted to the service-account user. */
  readonly realmManagementRoles: readonly string[];
  /** Whether a realm-roles mapper puts the roles into the token's `roles` claim. */
  readonly rolesClaim: boolean;
}
