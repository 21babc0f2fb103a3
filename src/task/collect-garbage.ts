/**
 * Full garbage collections of this thread's isolate on demand, in a process started without
 * `--expose-gc`: V8 gives a context created while that flag is set a `gc` function, so the flag is
 * set for the instant it takes to create one private context and take its `gc` (once per isolate),
 * then cleared. The thread's own global scope, created before, never gets a `gc` of its own.
 * @module
 */
import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | undefined;

/** V8's `gc` bound to this isolate (a major collection), taken once. */
function isolateGc(): () => void {
  if (gc === undefined) {
    v8.setFlagsFromString("--expose-gc");
    try {
      gc = vm.runInNewContext("gc") as () => void;
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  }
  return gc;
}

/**
 * Runs full collections until `enough()` holds, at most `rounds` of them, and returns `enough()`.
 * A Buffer's memory is freed one collection after its object (its backing store is released by a
 * weak callback), so two rounds free what one task left behind.
 */
export function collectGarbageUntil(enough: () => boolean, rounds = 3): boolean {
  for (let i = 0; i < rounds && !enough(); i++) isolateGc()();
  return enough();
}
