/**
 * Loads what a task needs of its parent tasks: datastore, artifact index and done record (a join
 * gets its inputs' indexes on demand).
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { FlowDatastore } from "../datastore/flow-datastore.js";
import type { TaskDatastore } from "../datastore/task-datastore.js";
import type { ArtifactIndex, DoneRecord } from "../protocol/task-records.js";
import type { ForeachFrame } from "../protocol/task-spec.js";
import type { FrameSource, ParentTask } from "./foreach-stack.js";
import { mapBounded } from "../async/map-bounded.js";
import type { JoinParent } from "./join-inputs.js";

/** Parent tasks read at a time (a join over 10,000 inputs must not hold 10,000 reads in flight). */
const parallelReads = 16;

/**
 * Parents found recently by this thread, by storage location, flow and pathspec: every body task of
 * a foreach has the same parent, whose successful attempt (and its done record) never changes once
 * its children run. Only what was found is kept, and only a few entries.
 */
const recentParents = new Map<string, ParentTask>();
const recentParentsKept = 16;

/** Loads the latest successful attempt of each `run/step/task` input path. */
export async function loadParents(fds: FlowDatastore, inputPaths: readonly string[]): Promise<ParentTask[]> {
  return mapBounded(inputPaths, parallelReads, async (p) => {
    const key = `${fds.storage.location}\0${fds.flowName}\0${p}`;
    const known = recentParents.get(key);
    if (known !== undefined) return known;
    const task = await loadTask(fds, p);
    if (recentParents.size >= recentParentsKept) recentParents.delete(recentParents.keys().next().value as string);
    recentParents.set(key, task);
    return task;
  });
}

/** Resolves the split task of every foreach frame (reusing already loaded parents). */
export async function loadFrameSources(fds: FlowDatastore, frames: readonly ForeachFrame[], known: readonly ParentTask[]): Promise<FrameSource[]> {
  return Promise.all(
    frames.map(async (frame) => {
      const task = known.find((p) => p.pathspec === frame.task) ?? (await loadTask(fds, frame.task));
      return { frame, datastore: task.datastore, index: task.index };
    }),
  );
}

/**
 * The parents of a join: each one's latest successful attempt is found (a failed or missing input
 * is reported). What is kept per input is its path and attempt number (the datastore object is made
 * again when the input is used). On a local datastore an input's artifact index is read only when the
 * join uses it (see join-inputs.ts); on remote storage (S3), where a synchronous read is a blocking
 * request, the indexes are read here, a few at a time, and kept.
 */
export async function loadJoinParents(fds: FlowDatastore, inputPaths: readonly string[]): Promise<JoinParent[]> {
  const lazy = fds.storage.localPath !== undefined && fds.storage.readSync !== undefined;
  return mapBounded(inputPaths, parallelReads, async (p) => {
    const { datastore, done } = await locateTask(fds, p);
    if (lazy) return new StoredParent(fds, p, datastore.attempt, undefined);
    const index = await datastore.readArtifactIndex(done);
    // A storage without synchronous reads (a third party's, async only): values are read ahead too.
    const values = datastore.canReadSync ? undefined : await readValues(datastore, index);
    return new StoredParent(fds, p, datastore.attempt, index, values);
  });
}

/** A join input as kept for the whole join: a few fields (no datastore object, no index unless read ahead). */
class StoredParent implements JoinParent {
  constructor(
    private readonly fds: FlowDatastore,
    /** `run/step/task` */
    private readonly path: string,
    private readonly attempt: number,
    private readonly readAhead: ArtifactIndex | undefined,
    readonly values?: ReadonlyMap<string, unknown>,
  ) {}

  get step(): string {
    return this.path.split("/")[1] as string;
  }

  get datastore(): TaskDatastore {
    const [runId, step, taskId] = this.path.split("/") as [string, string, string];
    return this.fds.task(runId, step, taskId, this.attempt);
  }

  index(): ArtifactIndex {
    return this.readAhead ?? this.datastore.readArtifactIndexSync() ?? {};
  }
}

/** Every artifact of an index, read and decoded (for a storage that cannot be read synchronously). */
async function readValues(datastore: TaskDatastore, index: ArtifactIndex): Promise<ReadonlyMap<string, unknown>> {
  const entries = await mapBounded(Object.entries(index), parallelReads, async ([name, ref]) => [name, await datastore.loadArtifact(name, ref)] as const);
  return new Map(entries);
}

async function loadTask(fds: FlowDatastore, pathspec: string): Promise<ParentTask> {
  const { step, datastore, done } = await locateTask(fds, pathspec);
  return { step, pathspec, datastore, index: await datastore.readArtifactIndex(done), done };
}

/** The latest attempt of `pathspec` that is done, which must have succeeded. */
async function locateTask(fds: FlowDatastore, pathspec: string): Promise<{ step: string; datastore: TaskDatastore; done: ParentTask["done"] }> {
  const [runId, step, taskId] = pathspec.split("/");
  if (runId === undefined || step === undefined || taskId === undefined) {
    throw new MetaflowError(ErrorCode.Internal, `malformed input path ${pathspec}`);
  }
  // The latest attempt that is done (its done record read once, not again after finding it).
  let ds: TaskDatastore | undefined;
  let done: DoneRecord | undefined;
  for (const attempt of (await fds.listAttempts(runId, step, taskId)).reverse()) {
    ds = fds.task(runId, step, taskId, attempt);
    done = await ds.readDone();
    if (done !== undefined) break;
  }
  if (ds === undefined || done?.status !== "ok") {
    throw new MetaflowError(ErrorCode.Internal, `input task ${fds.flowName}/${pathspec} has no successful attempt`);
  }
  return { step, datastore: ds, done };
}
