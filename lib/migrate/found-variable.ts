import type { ServiceName } from '../catalog/services';

/** The file formats `flowx-migrate check` reads. */
export type InputFormat = 'helm-values' | 'kubernetes' | 'dotenv';

/** A variable's value as written in the user's file. */
export type FoundValue =
  /** A literal (or a Helm/Spring placeholder, which is still text). */
  | { readonly kind: 'literal'; readonly value: string }
  /** `valueFrom` (secretKeyRef, configMapKeyRef, fieldRef …): the value lives elsewhere. */
  | { readonly kind: 'reference'; readonly source: string };

/** One environment variable (or Spring property) found in a user's configuration. */
export interface FoundVariable {
  /** The file as the user named it (relative to the working directory when inside it). */
  readonly file: string;
  /** 1-based line of the variable in the file, when known. */
  readonly line?: number;
  /** Where in the file: a YAML path such as `process-engine.env.SECURITY_TYPE`. */
  readonly location: string;
  /** The service it configures, when the file, section, workload or container names one. */
  readonly service?: ServiceName;
  /** The name as spelled in the file. */
  readonly name: string;
  readonly value: FoundValue;
  /** Read from a Kubernetes Secret: its value is never printed, whatever its name. */
  readonly confidential: boolean;
}

/** A file that was read: what it holds and which services it configures. */
export interface InputFile {
  readonly file: string;
  readonly format: InputFormat;
  /** Services the file configures (found by name even where they carry no variables). */
  readonly services: readonly ServiceName[];
  readonly variables: readonly FoundVariable[];
}

/** An input that could not be read, with the reason; never quotes the file's content. */
export interface UnreadableInput {
  readonly file: string;
  readonly reason: string;
}

export interface ReadResult {
  readonly files: readonly InputFile[];
  readonly unreadable: readonly UnreadableInput[];
}

/** The literal text of a found value, if it has one. */
export function literalOf(v: FoundVariable): string | undefined {
  return v.value.kind === 'literal' ? v.value.value : undefined;
}
