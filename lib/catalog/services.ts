import type { Assumption, Datastore, ReleaseSpec, ServiceAccountSpec, ServiceSpec, WorkloadKind } from './types';

/**
 * FlowX's platform services for 5.4.0 and 5.5.0 (platform-facts.md §1, §2, §5).
 * Adding a service or a release is a change to this table, not to the constructs.
 */
export const SERVICE_NAMES = [
  'process-engine',
  'admin',
  'cms-core',
  'scheduler-core',
  'events-gateway',
  'notification-plugin',
  'document-plugin',
  'task-management-plugin',
  'data-search',
  'audit-core',
  'advancing-controller',
  'integration-designer',
  'application-manager',
  'runtime-manager',
  'data-sync',
  'authorization-system',
  'nosql-db-runner',
  'email-gateway',
  'organization-manager',
  'license',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

// platform-facts §2: no public page names the members of the 14, the 11 and the 8.
const GROUPS_ASSUMPTION: Assumption = {
  about: 'security groups',
  reason:
    'The 5.5 guide gives only counts (14 jwt-public-key, 11 sa-realm token URI, 8 MAINIDENTITY); membership is the facts sheet default. Override per service with `flags`.',
};
const DATASTORE_ASSUMPTION: Assumption = {
  about: 'datastores',
  reason: 'Datastores follow the 5.x setup guides where they exist; otherwise the service family. Override with `env`.',
};

const MANAGEMENT = { port: 8081, basePath: '/manage' } as const;
const PROBES = {
  port: 8081,
  livenessPath: '/manage/actuator/health/liveness',
  readinessPath: '/manage/actuator/health/readiness',
} as const;

type Security = 'jwt' | 'internal';
type Token = 'mainIdentity' | 'tokenOnly' | 'none';

interface Row {
  readonly name: ServiceName;
  readonly displayName: string;
  readonly v54?: string;
  readonly v55?: string;
  readonly security: Security;
  readonly token: Token;
  readonly datastores: readonly Datastore[];
  readonly database?: string;
  readonly sharesDatabaseWith?: ServiceName;
  readonly kind?: WorkloadKind;
  readonly image?: string;
  readonly applicationName?: string;
  readonly serviceAccount?: ServiceAccountSpec;
  readonly management?: { readonly port: number; readonly basePath: string };
  readonly probes?: ServiceSpec['probes'];
  readonly extraAssumptions?: readonly Assumption[];
}

const NO_ROLES: ServiceAccountSpec = { realmRoles: [], realmManagementRoles: [], rolesClaim: false };
const FLOWX_ROLE: ServiceAccountSpec = { realmRoles: ['FLOWX_ROLE'], realmManagementRoles: [], rolesClaim: true };

/**
 * 5.4 keeps the oauth2 shape with the main realm; 5.5 switches the jwt group to
 * jwt-public-key and the token URI to the service-account realm (S1).
 */
function releases(row: Row): ServiceSpec['releases'] {
  const jwt = row.security === 'jwt';
  const mainIdentity = row.token === 'mainIdentity';
  const hasToken = row.token !== 'none';
  const r54: ReleaseSpec = {
    ...(row.v54 ? { version: row.v54 } : {}),
    enabled: row.v54 !== undefined,
    securityType: jwt ? 'oauth2' : 'none',
    tokenRealm: hasToken ? 'main' : 'none',
    mainIdentity,
  };
  const r55: ReleaseSpec = {
    ...(row.v55 ? { version: row.v55 } : {}),
    enabled: row.v55 !== undefined,
    securityType: jwt ? 'jwt-public-key' : 'none',
    tokenRealm: hasToken ? 'sa' : 'none',
    mainIdentity,
  };
  return { '5.4.0': r54, '5.5.0': r55 };
}

const ROWS: readonly Row[] = [
  {
    name: 'process-engine', displayName: 'Process Engine', v54: '10.38.0', v55: '10.60.0',
    security: 'jwt', token: 'mainIdentity', serviceAccount: FLOWX_ROLE,
    datastores: ['postgres', 'mongodb', 'redis', 'kafka', 'elasticsearch'], database: 'process_engine',
  },
  {
    name: 'admin', displayName: 'Admin', v54: '10.38.0', v55: '10.53.0',
    security: 'jwt', token: 'mainIdentity',
    serviceAccount: { realmRoles: [], realmManagementRoles: ['manage-realm', 'manage-users', 'query-users'], rolesClaim: false },
    datastores: ['postgres', 'mongodb', 'redis', 'kafka'], database: 'admin',
  },
  { name: 'cms-core', displayName: 'CMS Core', v54: '10.22.0', v55: '10.35.0', security: 'jwt', token: 'none', datastores: ['mongodb', 'redis', 'kafka'] },
  {
    name: 'scheduler-core', displayName: 'Scheduler Core', v54: '10.15.0', v55: '10.25.0',
    security: 'jwt', token: 'mainIdentity', serviceAccount: FLOWX_ROLE, datastores: ['mongodb', 'redis', 'kafka'],
  },
  { name: 'events-gateway', displayName: 'Events Gateway', v54: '10.17.0', v55: '10.27.0', security: 'jwt', token: 'none', datastores: ['redis', 'kafka'] },
  { name: 'notification-plugin', displayName: 'Notification Plugin', v54: '10.22.0', v55: '10.35.0', security: 'jwt', token: 'none', datastores: ['mongodb', 'redis', 'kafka'] },
  { name: 'document-plugin', displayName: 'Document Plugin', v54: '10.23.0', v55: '10.35.0', security: 'jwt', token: 'tokenOnly', datastores: ['mongodb', 'redis', 'kafka'] },
  {
    name: 'task-management-plugin', displayName: 'Task Management Plugin', v54: '10.25.0', v55: '10.35.0',
    security: 'jwt', token: 'mainIdentity',
    serviceAccount: { realmRoles: ['FLOWX_ROLE'], realmManagementRoles: ['view-users', 'query-users', 'query-groups'], rolesClaim: true },
    datastores: ['mongodb', 'redis', 'kafka'],
  },
  { name: 'data-search', displayName: 'Data Search', v54: '10.14.0', v55: '10.25.0', security: 'internal', token: 'none', datastores: ['redis', 'kafka', 'elasticsearch'] },
  { name: 'audit-core', displayName: 'Audit Core', v54: '10.21.0', v55: '10.31.0', security: 'internal', token: 'none', datastores: ['kafka', 'elasticsearch'] },
  {
    name: 'advancing-controller', displayName: 'Advancing Controller', v54: '10.16.0', v55: '10.27.0',
    // Same database as process-engine (S3), so it owns none itself.
    security: 'internal', token: 'none', datastores: ['postgres', 'kafka'], sharesDatabaseWith: 'process-engine',
  },
  {
    name: 'integration-designer', displayName: 'Integration Designer', v54: '10.38.0', v55: '10.63.0',
    security: 'jwt', token: 'mainIdentity', serviceAccount: NO_ROLES,
    datastores: ['postgres', 'mongodb', 'redis', 'kafka'], database: 'integration_designer',
  },
  {
    name: 'application-manager', displayName: 'Application Manager', v54: '10.37.0', v55: '10.53.0',
    security: 'jwt', token: 'tokenOnly', datastores: ['postgres', 'mongodb', 'redis', 'kafka'], database: 'application_manager',
  },
  {
    name: 'runtime-manager', displayName: 'Runtime Manager', v54: '10.37.0', v55: '10.53.0',
    image: 'application-manager', applicationName: 'runtime-manager',
    security: 'jwt', token: 'mainIdentity',
    serviceAccount: {
      realmRoles: [
        'ROLE_TASK_MANAGER_HOOKS_ADMIN', 'ROLE_TASK_MANAGER_VIEWS_ADMIN', 'ROLE_DOCUMENT_TEMPLATES_ADMIN',
        'ROLE_ADMIN_MANAGE_PROCESS_ADMIN', 'ROLE_INTEGRATION_SYSTEM_ADMIN', 'ROLE_TASK_MANAGER_PROCESS_ALLOCATION_SETTINGS_ADMIN',
        'ROLE_CMS_CONTENT_ADMIN', 'ROLE_MEDIA_LIBRARY_ADMIN', 'ROLE_NOTIFICATION_TEMPLATES_ADMIN', 'ROLE_INTEGRATION_WORKFLOW_ADMIN',
      ],
      realmManagementRoles: [],
      rolesClaim: true,
    },
    datastores: ['postgres', 'mongodb', 'redis', 'kafka'], database: 'runtime_manager',
  },
  {
    name: 'data-sync', displayName: 'Data Sync', v54: '10.20.1', v55: '10.31.1', kind: 'job',
    security: 'internal', token: 'none', datastores: ['postgres', 'mongodb', 'kafka'], sharesDatabaseWith: 'process-engine',
  },
  {
    name: 'authorization-system', displayName: 'Authorization System', v54: '10.28.0', v55: '10.42.1',
    security: 'jwt', token: 'tokenOnly',
    serviceAccount: { realmRoles: [], realmManagementRoles: ['manage-users', 'view-users', 'query-users'], rolesClaim: false },
    datastores: ['postgres', 'redis', 'kafka', 'spicedb'], database: 'authorization_system',
    extraAssumptions: [{
      about: 'client credentials',
      reason: 'No page documents the variables through which authorization-system reads its flowx-authorization-system-sa credentials; the stack creates the client and its Secret, add the variables with `env`.',
    }],
  },
  {
    name: 'nosql-db-runner', displayName: 'NoSQL DB Runner', v54: '10.17.0', v55: '10.27.0',
    security: 'internal', token: 'none', datastores: ['mongodb', 'kafka'],
    // The one service documented without the /manage base path.
    management: { port: 8081, basePath: '' },
    probes: { port: 8081, livenessPath: '/actuator/health/liveness', readinessPath: '/actuator/health/readiness' },
  },
  {
    name: 'email-gateway', displayName: 'Email Gateway', v54: '10.9.0', v55: '10.24.0',
    security: 'jwt', token: 'mainIdentity', serviceAccount: NO_ROLES, datastores: ['kafka'],
  },
  {
    name: 'organization-manager', displayName: 'Organization Manager', v55: '10.19.2',
    security: 'jwt', token: 'mainIdentity', serviceAccount: NO_ROLES,
    datastores: ['postgres', 'redis', 'kafka', 'spicedb'], database: 'organization_manager',
  },
  {
    // The 5.5 guide lists flowx-license-sa but FlowX first ships a license image in 5.7.0:
    // off unless the user supplies an image; it keeps its Keycloak client.
    name: 'license', displayName: 'License', security: 'jwt', token: 'tokenOnly', serviceAccount: NO_ROLES,
    datastores: ['postgres', 'kafka'], database: 'license',
    extraAssumptions: [{ about: 'release', reason: 'No 5.4/5.5 image exists (first 10.36.0 in 5.7.0); enable it with an `image` override.' }],
  },
];

function toSpec(row: Row): ServiceSpec {
  return {
    name: row.name,
    displayName: row.displayName,
    kind: row.kind ?? 'deployment',
    image: row.image ?? row.name,
    ...(row.applicationName ? { applicationName: row.applicationName } : {}),
    releases: releases(row),
    ...(row.serviceAccount ? { serviceAccount: row.serviceAccount } : {}),
    datastores: row.datastores,
    ...(row.database ? { database: row.database } : {}),
    ...(row.sharesDatabaseWith ? { sharesDatabaseWith: row.sharesDatabaseWith } : {}),
    httpPort: 8080,
    management: row.management ?? MANAGEMENT,
    probes: row.probes ?? PROBES,
    exposed: (row.kind ?? 'deployment') === 'deployment',
    assumptions: [GROUPS_ASSUMPTION, DATASTORE_ASSUMPTION, ...(row.extraAssumptions ?? [])],
  };
}

export const CATALOG: Readonly<Record<ServiceName, ServiceSpec>> = Object.freeze(
  Object.fromEntries(ROWS.map((row) => [row.name, toSpec(row)])) as Record<ServiceName, ServiceSpec>,
);

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}
