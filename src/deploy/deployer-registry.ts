/**
 * Which deployers (production schedulers) exist. The composition roots register the built-in
 * ones; a third-party scheduler registers its own the same way, and the `Deployer` API and the CLI
 * open one by name.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { DeployEnv, Deployer, DeployerFactory } from "../protocol/deployer.js";

const factories = new Map<string, DeployerFactory>();

/** Registers a deployer (replacing one of the same name). */
export function registerDeployer(factory: DeployerFactory): void {
  factories.set(factory.name, factory);
}

/** The names of the registered deployers, in registration order. */
export function deployerNames(): string[] {
  return [...factories.keys()];
}

/** Opens the deployer named `name` for this environment. */
export function openDeployer(name: string, env: DeployEnv = process.env): Deployer {
  const factory = factories.get(name);
  if (factory === undefined) {
    const known = deployerNames();
    throw new MetaflowError(
      ErrorCode.Deploy,
      known.length === 0 ? `No deployer is registered, so ${name} is unknown: a composition root must register the built-in deployers first.` : `Unknown deployer ${JSON.stringify(name)}; the registered ones: ${known.join(", ")}.`,
    );
  }
  return factory.open(env);
}
