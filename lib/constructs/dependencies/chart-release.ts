import { Construct } from 'constructs';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import type { ChartPin } from '../../catalog/charts';

export interface ChartReleaseProps {
  readonly releaseName: string;
  readonly namespace: string;
  readonly pin: ChartPin;
  /** Chart values: names and references only, never a secret (ADR 0003). */
  readonly values: Record<string, unknown>;
  readonly wait: boolean;
  readonly dependsOn?: ITerraformDependable[];
  /** @default 600 */
  readonly timeoutSeconds?: number;
}

/**
 * A pinned Helm release. A chart without repository is a local directory: it is copied into
 * the stack's assets, so the synthesized stack is self-contained and the same on every machine.
 */
export function chartRelease(scope: Construct, id: string, props: ChartReleaseProps): Release {
  const local = props.pin.repository === '';
  const chart = local
    ? new TerraformAsset(scope, `${id}-chart`, { path: props.pin.chart, type: AssetType.DIRECTORY }).path
    : props.pin.chart;
  return new Release(scope, id, {
    name: props.releaseName,
    namespace: props.namespace,
    ...(local ? {} : { repository: props.pin.repository }),
    chart,
    version: props.pin.version,
    values: [JSON.stringify(props.values)],
    wait: props.wait,
    timeout: props.timeoutSeconds ?? 600,
    atomic: false,
    cleanupOnFail: true,
    maxHistory: 5,
    ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
  });
}

/** `<registry>/<path>` when a registry is given, for charts that take a full repository. */
export function mirrored(registry: string | undefined, path: string): string | undefined {
  return registry ? `${registry.replace(/\/$/, '')}/${path}` : undefined;
}
