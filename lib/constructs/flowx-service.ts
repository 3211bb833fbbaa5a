import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { DeploymentV1, type DeploymentV1SpecTemplate } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import type { ResolvedService } from '../config/resolve';
import { toK8sEnv } from './kubernetes-env';
import type { GateContainer } from './database-gate';

export interface FlowxServiceProps {
  readonly service: ResolvedService;
  /** Namespace name (a reference to the namespace resource, so it is created first). */
  readonly namespace: string;
  readonly pullPolicy: string;
  readonly pullSecrets: readonly string[];
  readonly waitForRollout: boolean;
  /** Created after these (the managed datastores and Secrets the service uses). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** Init container that waits for the service's database (see databaseGate). @default - none */
  readonly databaseGate?: GateContainer;
  /** Pod-template annotations; a changed value rolls the pods (secret revisions). @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Non-root UID the FlowX images run as; any non-zero UID satisfies the restricted profile. */
const RUN_AS_USER = '1000';

/**
 * One FlowX service as native Kubernetes workloads (ADR 0002): a Deployment and a Service,
 * or a Job for data-sync, running under the restricted Pod Security profile.
 */
export class FlowxService extends Construct {
  readonly deployment?: DeploymentV1;
  readonly job?: JobV1;
  readonly kubernetesService?: ServiceV1;
  readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FlowxServiceProps) {
    super(scope, id);
    const svc = props.service;
    this.labels = {
      'app.kubernetes.io/name': svc.name,
      'app.kubernetes.io/part-of': 'flowx',
      'app.kubernetes.io/version': svc.image.slice(svc.image.lastIndexOf(':') + 1),
    };
    const selector = { 'app.kubernetes.io/name': svc.name };
    const metadata = { name: svc.name, namespace: props.namespace, labels: this.labels };
    const template = this.podTemplate(props);
    const dependsOn = props.dependsOn?.length ? { dependsOn: props.dependsOn } : {};

    if (svc.spec.kind === 'job') {
      this.job = new JobV1(this, 'job', {
        metadata,
        spec: { backoffLimit: 6, template: { ...template, spec: { ...template.spec, restartPolicy: 'OnFailure' } } },
        waitForCompletion: false,
        ...dependsOn,
      });
      return;
    }
    this.deployment = new DeploymentV1(this, 'deployment', {
      metadata,
      spec: { replicas: String(svc.replicas), selector: { matchLabels: selector }, template },
      waitForRollout: props.waitForRollout,
      ...dependsOn,
    });
    this.kubernetesService = new ServiceV1(this, 'service', {
      metadata,
      spec: {
        selector,
        port: [{ name: 'http', port: svc.spec.httpPort, targetPort: 'http' }],
      },
    });
  }

  private podTemplate(props: FlowxServiceProps): DeploymentV1SpecTemplate {
    const svc = props.service;
    const probe = (path: string, initialDelaySeconds: number) => ({
      httpGet: { path, port: 'management' },
      initialDelaySeconds,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 6,
    });
    const longRunning = svc.spec.kind === 'deployment';
    const restricted = {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const gate = props.databaseGate;
    return {
      metadata: { labels: this.labels, ...(props.annotations && Object.keys(props.annotations).length ? { annotations: { ...props.annotations } } : {}) },
      spec: {
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        imagePullSecrets: props.pullSecrets.map((name) => ({ name })),
        securityContext: { runAsNonRoot: true, runAsUser: RUN_AS_USER, seccompProfile: { type: 'RuntimeDefault' } },
        ...(gate
          ? {
              initContainer: [
                {
                  ...gate,
                  imagePullPolicy: props.pullPolicy,
                  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
                  securityContext: restricted,
                },
              ],
            }
          : {}),
        container: [
          {
            name: svc.name,
            image: svc.image,
            imagePullPolicy: props.pullPolicy,
            env: toK8sEnv(svc.env),
            port: [
              { name: 'http', containerPort: svc.spec.httpPort },
              { name: 'management', containerPort: svc.spec.management.port },
            ],
            ...(longRunning
              ? {
                  livenessProbe: probe(svc.spec.probes.livenessPath, 60),
                  readinessProbe: probe(svc.spec.probes.readinessPath, 30),
                }
              : {}),
            resources: { requests: { ...svc.resources.requests }, limits: { ...svc.resources.limits } },
            securityContext: restricted,
          },
        ],
      },
    };
  }
}
