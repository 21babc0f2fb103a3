/**
 * The artifacts of the running task, behind the flow instance's fields.
 *
 * Every artifact field of the instance becomes an accessor over a slot: a parent's artifact is
 * a reference (hash) loaded only when read; a value set in this step is kept as is. At the end
 * of the step, unread references pass on untouched (no bytes read or written), read ones that
 * are unchanged keep their reference too, and values are serialized into the content-addressed store.
 * @module
 */
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { ErrorCode, MetaflowError } from "../errors.js";
import { sha256 } from "../datastore/content-addressed-store.js";
import { encodeArtifact } from "../datastore/serializers/artifact-codec.js";
import { numberArrayChunks, numberArraySerializer } from "../datastore/serializers/number-array-serializer.js";
import type { TaskDatastore } from "../datastore/task-datastore.js";
import type { ArtifactIndex, ArtifactRef } from "../protocol/task-records.js";

/** Where an artifact's current value comes from. */
type Slot =
  | { kind: "ref"; ref: ArtifactRef; from: TaskDatastore; loaded: boolean; value?: unknown }
  | { kind: "value"; value: unknown; initial: boolean };

const immutableTypes = new Set(["string", "number", "boolean", "bigint", "undefined", "null"]);

/** Encodings whose bytes are the value itself: equal bytes mean an unchanged value, different bytes a changed one. */
const rawEncodings = new Set(["buffer", "bytes"]);

/** The task's artifact slots. */
export class ArtifactState {
  private readonly slots = new Map<string, Slot>();
  private readonly readOnly = new Map<string, string>();

  /** Adds a parent's artifact by reference. */
  addRef(name: string, ref: ArtifactRef, from: TaskDatastore): void {
    this.slots.set(name, { kind: "ref", ref, from, loaded: false });
  }

  /** Adds a field initializer's value (persisted like a set value, but a parent's value wins). */
  addInitial(name: string, value: unknown): void {
    if (!this.slots.has(name)) this.slots.set(name, { kind: "value", value, initial: true });
  }

  /** Makes an artifact read-only; `what` names it in the error (e.g. "parameter"). */
  markReadOnly(name: string, what: string): void {
    this.readOnly.set(name, what);
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  /** Whether the artifact was assigned in this step. */
  isSetHere(name: string): boolean {
    const slot = this.slots.get(name);
    return slot?.kind === "value" && !slot.initial;
  }

  /** The artifact's reference, if it is still an unchanged parent artifact. */
  refOf(name: string): ArtifactRef | undefined {
    const slot = this.slots.get(name);
    return slot?.kind === "ref" ? slot.ref : undefined;
  }

  get(name: string): unknown {
    const slot = this.slots.get(name);
    if (slot === undefined) return undefined;
    if (slot.kind === "value") return slot.value;
    if (!slot.loaded) {
      const loaded = slot.from.loadArtifactSync(name, slot.ref);
      if (loaded === undefined) {
        throw new MetaflowError(ErrorCode.Internal, `artifact '${name}' was not prefetched for a storage without synchronous reads`);
      }
      slot.value = this.readOnly.has(name) ? deepFreeze(loaded.value) : loaded.value;
      slot.loaded = true;
    }
    return slot.value;
  }

  set(name: string, value: unknown): void {
    const what = this.readOnly.get(name);
    if (what !== undefined) {
      throw new MetaflowError(ErrorCode.ArtifactReadOnly, `Cannot assign to '${name}': it is a ${what}, which is read-only in steps. Store a derived value under another name.`);
    }
    this.slots.set(name, { kind: "value", value, initial: false });
  }

  /** Defines `instance[name]` as an accessor over this state. */
  defineOn(instance: object, name: string): void {
    Object.defineProperty(instance, name, {
      get: () => this.get(name),
      set: (v: unknown) => this.set(name, v),
      enumerable: true,
      configurable: true,
    });
  }

  /** Loads every reference whose storage cannot be read synchronously (async-only backends). */
  async prefetch(): Promise<void> {
    for (const [name, slot] of this.slots) {
      if (slot.kind === "ref" && !slot.loaded && !slot.from.canReadSync) {
        slot.value = await slot.from.loadArtifact(name, slot.ref);
        slot.loaded = true;
      }
    }
  }

  /** Names of all artifacts. */
  names(): string[] {
    return [...this.slots.keys()];
  }

  /** Persists every artifact into `target` and returns the artifact index. */
  async persist(target: TaskDatastore): Promise<ArtifactIndex> {
    const index: Record<string, ArtifactRef> = {};
    for (const [name, slot] of this.slots) {
      if (slot.kind === "ref") {
        // Unread, read-only, or immutable: the parent's bytes are reused by reference.
        if (!slot.loaded || this.readOnly.has(name) || immutableTypes.has(typeOf(slot.value))) {
          index[name] = slot.ref;
          continue;
        }
        index[name] = await this.unchangedOrSaved(name, slot, target);
      } else if (!(slot.initial && slot.value === undefined)) {
        index[name] = await target.saveArtifact(name, slot.value);
      }
    }
    return index;
  }

  /**
   * A loaded artifact at the end of the step: its reference when the value is unchanged, else the
   * reference of its new bytes. Raw bytes (a Buffer) are their own encoding, and a number array's
   * bytes are its float64 values (produced a slice at a time, no copy of the whole array): equal
   * bytes mean an unchanged value. They are compared with the blob they were read from where the
   * storage can do that cheaply (a local file: a `memcmp` against the page cache, ~3x cheaper than
   * a sha256 pass), else hashed; bytes that differ are hashed and stored. A structured-clone value
   * is compared with a fresh decoding of its stored bytes (deep strict equality), not by
   * re-encoding it: V8 decodes an array into a holey one, which encodes to other bytes than the
   * original, so equal bytes are rare for arrays, and encoding a holey array costs more than
   * decoding the stored one.
   */
  private async unchangedOrSaved(name: string, slot: Extract<Slot, { kind: "ref" }>, target: TaskDatastore): Promise<ArtifactRef> {
    const { sha } = slot.ref;
    if (slot.ref.encoding === numberArraySerializer.encoding) {
      const chunks = numberArrayChunks(slot.value);
      if (chunks === undefined) return target.saveArtifact(name, slot.value);
      // (A backend without the comparison leaves the chunks untouched, to be hashed.)
      const same = slot.from.blobs.sameAsStored(sha, chunks) ?? sha256OfChunks(chunks) === sha;
      return same ? slot.ref : target.saveArtifact(name, slot.value);
    }
    if (rawEncodings.has(slot.ref.encoding)) {
      const encoded = encodeArtifact(name, slot.value);
      if (encoded.encoding !== slot.ref.encoding) return target.saveEncoded(encoded);
      if (slot.from.blobs.sameAsStored(sha, [encoded.bytes]) === true) return slot.ref;
      const now = sha256(encoded.bytes);
      return now === sha ? slot.ref : target.saveEncoded(encoded, now);
    }
    const stored = await slot.from.loadArtifact(name, slot.ref);
    return isDeepStrictEqual(slot.value, stored) ? slot.ref : target.saveArtifact(name, slot.value);
  }
}

function typeOf(v: unknown): string {
  return v === null ? "null" : typeof v;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function sha256OfChunks(chunks: Iterable<Uint8Array>): string {
  const hash = createHash("sha256");
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
}
