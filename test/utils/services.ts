/**
 * Reaching the real servers the tests use (started by `.ci/services/*.sh`, which export
 * `METAFLOW_TEST_*` variables). Under `CI=true` a missing server fails the suite; on a developer's
 * machine the tests that need it are skipped with a message saying which script starts it.
 */

/** The value of a service variable, or a skip reason (`node:test`'s `skip` option) when it is not set outside CI. */
export function serviceVariable(name: string, script: string): { readonly value: string; readonly skip: false } | { readonly value: undefined; readonly skip: string } {
  const value = process.env[name];
  if (value !== undefined && value !== "") return { value, skip: false };
  if (process.env.CI === "true") {
    throw new Error(`${name} is not set: .ci/run must start the server with .ci/services/${script} before the tests.`);
  }
  return { value: undefined, skip: `${name} not set (start the server with: source .ci/services/${script})` };
}
