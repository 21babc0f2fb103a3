/**
 * The parts of the Argo Workflows (v4) and Argo Events schemas the compiler writes. Plain data:
 * a manifest is JSON.stringify-able as it is.
 * @module
 */

/** An input, output or workflow parameter. */
export interface ArgoParameter {
  readonly name: string;
  readonly value?: string;
  readonly description?: string;
  readonly globalName?: string;
  readonly valueFrom?: { readonly path?: string; readonly expression?: string };
}

/** One task of a DAG template. */
export interface DagTask {
  readonly name: string;
  readonly template: string;
  readonly depends?: string;
  readonly when?: string;
  readonly withParam?: string;
  readonly arguments?: { readonly parameters: readonly ArgoParameter[] };
}

/** A container of a container template. */
export interface ArgoContainer {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  readonly envFrom?: readonly { readonly secretRef: { readonly name: string } }[];
  readonly resources?: { readonly requests?: Readonly<Record<string, string>>; readonly limits?: Readonly<Record<string, string>> };
}

/** A template: a DAG or a container. */
export interface ArgoTemplate {
  readonly name: string;
  readonly inputs?: { readonly parameters: readonly ArgoParameter[] };
  readonly outputs?: { readonly parameters: readonly ArgoParameter[] };
  readonly dag?: { readonly tasks: readonly DagTask[] };
  readonly container?: ArgoContainer;
  readonly retryStrategy?: { readonly limit: string; readonly retryPolicy?: string; readonly backoff?: { readonly duration: string } };
  readonly activeDeadlineSeconds?: number;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Readonly<Record<string, unknown>>[];
  readonly serviceAccountName?: string;
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
}

/** Object metadata of a manifest. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes manifest the deployer writes. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec: Readonly<Record<string, unknown>>;
}
