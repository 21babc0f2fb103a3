/**
 * The datastore of one task attempt: its start record, logs and done marker, which carries the
 * artifact index of a successful attempt (older runs: a separate `<n>.data.json`, still read).
 * Artifact bytes go to the flow's content-addressed store; the index maps names to hashes.
 * @module
 */
import type { CardIndex } from "../protocol/card-records.js";
import type { ArtifactIndex, ArtifactRef, AttemptRecord, DoneRecord } from "../protocol/task-records.js";
import { hashWhileWritingFrom, type ContentAddressedStore } from "./content-addressed-store.js";
import { decodeArtifact, describeType, encodeArtifact, type EncodedValue } from "./serializers/artifact-codec.js";
import { numberArrayChunks, numberArraySerializer } from "./serializers/number-array-serializer.js";
import type { StorageBackend } from "./storage.js";

/** The two log streams of a task. */
export type LogStream = "stdout" | "stderr";

/** Reads and writes one attempt of one task. */
export class TaskDatastore {
  /** `Flow/run/step/task` */
  readonly pathspec: string;
  private readonly prefix: string;

  constructor(
    private readonly storage: StorageBackend,
    readonly blobs: ContentAddressedStore,
    flowName: string,
    readonly runId: string,
    readonly step: string,
    readonly taskId: string,
    readonly attempt: number,
  ) {
    this.pathspec = `${flowName}/${runId}/${step}/${taskId}`;
    this.prefix = `${flowName}/${runId}/${step}/${taskId}/${attempt}`;
  }

  /** Records that the attempt started. */
  writeAttempt(record: AttemptRecord): Promise<void> {
    return this.storage.write(`${this.prefix}.attempt.json`, JSON.stringify(record));
  }

  /** The attempt's start record, if any. */
  async readAttempt(): Promise<AttemptRecord | undefined> {
    return this.readJson<AttemptRecord>("attempt.json");
  }

  /**
   * Serializes a value into the content-addressed store; the bytes are written only if new. A big
   * plain number array (from 4 MiB of float64s) goes to a backend that takes chunks (a local folder)
   * as its float64 values a slice at a time, without an encoded copy of the whole (8 MB for 1e6 numbers).
   */
  async saveArtifact(name: string, value: unknown): Promise<ArtifactRef> {
    const chunks = Array.isArray(value) && value.length * 8 >= hashWhileWritingFrom && this.blobs.takesChunks ? numberArrayChunks(value) : undefined;
    const streamed = chunks === undefined ? undefined : await this.blobs.putChunks(chunks);
    if (streamed !== undefined) return { ...streamed, encoding: numberArraySerializer.encoding, type: describeType(value) };
    return this.saveEncoded(encodeArtifact(name, value));
  }

  /** Stores an already encoded value (`sha`: its bytes' hash, when known); the bytes are written only if new. */
  async saveEncoded(encoded: EncodedValue, knownSha?: string): Promise<ArtifactRef> {
    const { sha, size } = await this.blobs.put(encoded.bytes, knownSha);
    return { sha, size, encoding: encoded.encoding, type: encoded.type };
  }

  /** Loads and decodes an artifact's value (hash verified). */
  async loadArtifact(name: string, ref: ArtifactRef): Promise<unknown> {
    const bytes = await this.blobs.get(ref.sha, `artifact '${name}' of ${this.pathspec}`);
    return decodeArtifact(ref.encoding, bytes);
  }

  /** Whether {@link loadArtifactSync} works with this storage (lets artifacts load lazily on property access). */
  get canReadSync(): boolean {
    return this.storage.readSync !== undefined;
  }

  /** Synchronous {@link loadArtifact}; undefined when the storage cannot read synchronously. */
  loadArtifactSync(name: string, ref: ArtifactRef): { value: unknown } | undefined {
    const bytes = this.blobs.getSync(ref.sha, `artifact '${name}' of ${this.pathspec}`);
    return bytes === undefined ? undefined : { value: decodeArtifact(ref.encoding, bytes) };
  }

  /**
   * Writes the artifact index as a record of its own, `<n>.data.json`: the layout of runs written
   * before the done record carried the index (readers still accept it). New attempts put the index
   * in their done record instead ({@link writeDone}).
   */
  writeArtifactIndex(index: ArtifactIndex): Promise<void> {
    return this.storage.write(`${this.prefix}.data.json`, JSON.stringify(index));
  }

  /**
   * The artifact index: from the done record (`done`, when the caller has already read it), else
   * (older runs, or an attempt that is not done) from `<n>.data.json`; empty when the attempt stored none.
   */
  async readArtifactIndex(done?: DoneRecord): Promise<ArtifactIndex> {
    done ??= await this.readDone();
    if (done?.status === "ok" && done.index !== undefined) return done.index;
    return (await this.readJson<ArtifactIndex>("data.json")) ?? {};
  }

  /**
   * Synchronous {@link readArtifactIndex} (a join reads an input's index when `inputs[i]` is first
   * used); undefined when the storage cannot read synchronously.
   */
  readArtifactIndexSync(): ArtifactIndex | undefined {
    if (this.storage.readSync === undefined) return undefined;
    const record = this.storage.readSync(`${this.prefix}.done.json`);
    const done = record === undefined ? undefined : parseJson<DoneRecord>(record);
    if (done?.status === "ok" && done.index !== undefined) return done.index;
    const bytes = this.storage.readSync(`${this.prefix}.data.json`);
    return bytes === undefined ? {} : parseJson<ArtifactIndex>(bytes);
  }

  /**
   * Marks the attempt done (successfully or not), atomically, in one record: for a successful
   * attempt `record.index` is its artifact index. Written last.
   */
  writeDone(record: DoneRecord): Promise<void> {
    return this.storage.write(`${this.prefix}.done.json`, JSON.stringify(record));
  }

  /** The done marker, or undefined while the attempt is running (or was killed). */
  readDone(): Promise<DoneRecord | undefined> {
    return this.readJson<DoneRecord>("done.json");
  }

  /** Stores a log stream of the attempt. */
  writeLog(stream: LogStream, data: Uint8Array | string): Promise<void> {
    return this.storage.write(`${this.prefix}.${stream}`, data);
  }

  /** A log stream of the attempt ("" when none was stored). */
  async readLog(stream: LogStream): Promise<string> {
    const bytes = await this.storage.read(`${this.prefix}.${stream}`);
    return bytes === undefined ? "" : Buffer.from(bytes).toString("utf8");
  }

  /** Stores the HTML of the card in `slot` (atomically: a reader sees the old or the new card). */
  writeCard(slot: number, html: string): Promise<void> {
    return this.storage.write(`${this.prefix}.card-${slot}.html`, html);
  }

  /** The stored HTML of the card in `slot`, as bytes; undefined when there is none. */
  readCard(slot: number): Promise<Uint8Array | undefined> {
    return this.storage.read(`${this.prefix}.card-${slot}.html`);
  }

  /** Stores the card index (after the cards it names). */
  writeCardIndex(index: CardIndex): Promise<void> {
    return this.storage.write(`${this.prefix}.cards.json`, JSON.stringify(index));
  }

  /** The card index; undefined when the attempt stored no card. */
  readCardIndex(): Promise<CardIndex | undefined> {
    return this.readJson<CardIndex>("cards.json");
  }

  private async readJson<T>(suffix: string): Promise<T | undefined> {
    const bytes = await this.storage.read(`${this.prefix}.${suffix}`);
    return bytes === undefined ? undefined : parseJson<T>(bytes);
  }
}

function parseJson<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString("utf8")) as T;
}
