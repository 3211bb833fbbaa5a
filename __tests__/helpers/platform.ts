import { Testing } from 'cdktf';
import type { EnvironmentConfig } from '../../lib/config/environment-config';
import { FlowxStack } from '../../stacks/flowx-stack';

/** The synthesized JSON of one environment's stack, validations run. */
export function synthEnvironment(config: EnvironmentConfig): { stack: FlowxStack; json: TfJson } {
  const app = Testing.app();
  const stack = new FlowxStack(app, config);
  return { stack, json: JSON.parse(Testing.synth(stack, true)) as TfJson };
}

export interface TfJson {
  resource: Record<string, Record<string, any>>;
  variable?: Record<string, any>;
  provider?: Record<string, any>;
  terraform?: any;
  [k: string]: any;
}

/** The resource of a type whose metadata.name is `name`. */
export function byName(json: TfJson, type: string, name: string): any {
  const found = Object.values(json.resource[type] ?? {}).filter((r: any) => r.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** The first container of a Deployment or Job named `name`. */
export function containerOf(json: TfJson, name: string): any {
  const workload = json.resource.kubernetes_deployment_v1?.[keyOf(json, 'kubernetes_deployment_v1', name) ?? '']
    ?? byName(json, 'kubernetes_job_v1', name);
  return workload.spec.template.spec.container[0];
}

function keyOf(json: TfJson, type: string, name: string): string | undefined {
  return Object.entries(json.resource[type] ?? {}).find(([, r]: [string, any]) => r.metadata?.name === name)?.[0];
}

/** name → env entry of a container. */
export function envMap(container: any): Map<string, any> {
  return new Map((container.env as any[]).map((e) => [e.name, e]));
}
