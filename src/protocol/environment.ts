/**
 * Per-step environments (`@npm`, `@npmBase`): what a run records about them, and the interface
 * of the plugin that resolves, installs and materializes them (an {@link EnvironmentProvider}).
 * Types only.
 * @module
 */
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { StorageBackend } from "../datastore/storage.js";

/** The environment of one step, as recorded with a run. */
export interface StepEnvironment {
  /** The provider that made it (`npm`). */
  readonly provider: string;
  /** Content address of the environment: sha256 of its lockfile. */
  readonly id: string;
  /** Packages as declared (the flow's `@npmBase` merged with the step's `@npm`). */
  readonly requested: Readonly<Record<string, string>>;
  /** The declared packages at the exact versions resolved. */
  readonly resolved: Readonly<Record<string, string>>;
  /** Every package of the environment (dependencies too): `path in node_modules` -> version. */
  readonly tree: Readonly<Record<string, string>>;
}

/** The environments of a run's steps (steps without one are absent). */
export interface RunEnvironments {
  readonly steps: Readonly<Record<string, StepEnvironment>>;
}

/** What {@link EnvironmentProvider.prepare} gets. */
export interface EnvironmentPrepareContext {
  readonly flowName: string;
  /** Decorators of each step (configs resolved, `--with` merged). */
  readonly stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>;
  readonly flowDecorators: readonly AppliedDecorator[];
  /** The run's datastore: lockfiles and packed environments are stored there. */
  readonly storage: StorageBackend;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** When set (resume), the environments recorded with this earlier run are reused, not resolved again. */
  readonly reuse?: RunEnvironments;
  /** Progress lines (e.g. "resolving ..."), for the console. */
  readonly log?: (line: string) => void;
}

/** A step's declared packages and, when already resolved on this machine, its environment. */
export interface PlannedEnvironment {
  readonly requested: Readonly<Record<string, string>>;
  readonly environment?: StepEnvironment;
}

/** What {@link EnvironmentProvider.materialize} gets. */
export interface EnvironmentMaterializeContext {
  readonly flowName: string;
  /** The environment's id ({@link StepEnvironment.id}). */
  readonly id: string;
  readonly storage: StorageBackend;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Resolves, installs and provides per-step environments. The scheduler calls `prepare` before
 * any task runs; a task calls `materialize` for its step's environment. @experimental
 */
export interface EnvironmentProvider {
  /** Name of the provider (`npm`). */
  readonly name: string;
  /** Package names the steps declare (no I/O): the code package leaves their imports to the environments. */
  declaredPackages(stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>, flowDecorators: readonly AppliedDecorator[]): ReadonlySet<string>;
  /**
   * Resolves and installs the environment of every step that declares one and stores what a
   * remote task needs in the datastore. Throws a MetaflowError (unknown package, unreachable
   * registry, failed build) before any task runs.
   */
  prepare(ctx: EnvironmentPrepareContext): Promise<RunEnvironments>;
  /** What each step declares, with its environment when this machine resolved it before (no registry, no install). */
  plan(stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>, flowDecorators: readonly AppliedDecorator[], env: Readonly<Record<string, string | undefined>>): Promise<Record<string, PlannedEnvironment>>;
  /** A local folder whose node_modules holds the environment (installed from the datastore if missing here). */
  materialize(ctx: EnvironmentMaterializeContext): Promise<string>;
}
