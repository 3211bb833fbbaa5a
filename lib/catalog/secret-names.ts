import type { SecretKeyRef } from '../contract/env-value';

/**
 * The one place Kubernetes Secret names and keys are decided. Every construct that writes a
 * Secret and every contract that reads one calls these, so the two cannot drift apart.
 */
export const SecretNames = {
  /** The Keycloak client secret of a service's service account. */
  clientSecret(service: string): SecretKeyRef {
    return { secretName: `flowx-${service}-sa-credentials`, key: 'client-secret' };
  },
  /** 5.4's shared introspection client (flowx-platform-authorize in FlowX's IAM guide). */
  introspectionClientSecret(): SecretKeyRef {
    return { secretName: 'flowx-introspection-client', key: 'client-secret' };
  },
  postgresPassword(service: string): SecretKeyRef {
    return { secretName: `flowx-${service}-postgres`, key: 'password' };
  },
  mongodbUri(service: string): SecretKeyRef {
    return { secretName: `flowx-${service}-mongodb`, key: 'uri' };
  },
  redisPassword(): SecretKeyRef {
    return { secretName: 'flowx-redis', key: 'password' };
  },
  /** Key names as in FlowX's SpiceDB guide (platform-facts §6). */
  spicedbPresharedKey(): SecretKeyRef {
    return { secretName: 'flowx-spicedb', key: 'preshared_key' };
  },
  /** SpiceDB's own postgres:// datastore URI, beside the key (it embeds the spicedb role's password). */
  spicedbDatastore(): SecretKeyRef {
    return { secretName: 'flowx-spicedb', key: 'datastore_uri' };
  },
} as const;

/** The 5.5 client id of a service's service account (S1, "Update Keycloak service accounts"). */
export function serviceAccountClientId(service: string): string {
  return `flowx-${service}-sa`;
}
