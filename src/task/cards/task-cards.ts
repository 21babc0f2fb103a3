/**
 * The cards of one running task: backs `current.card`, stores a card when the step refreshes
 * it (throttled by its `refreshInterval`), and renders every card a last time when the step ends,
 * before the done marker. Nothing here fails the task: a card that cannot be rendered or stored
 * says why (in the card, or on stderr).
 * @module
 */
import { sha256 } from "../../datastore/content-addressed-store.js";
import type { CardHandle, CurrentCard } from "../../flow/card-api.js";
import type { CardArtifact, CardRenderer, CardRenderInput, CardTaskInfo, CardTaskStatus } from "../../flow/card-renderer.js";
import type { FlowGraph } from "../../graph/types.js";
import type { CardIndex, CardIndexEntry } from "../../protocol/card-records.js";
import type { CardDeclaration } from "./card-declarations.js";
import { CardSlot, DetachedCard } from "./card-slot.js";
import { chooseDefaultCard } from "./default-card.js";
import { renderCard } from "./render-card.js";

/** Where cards are stored (a TaskDatastore). */
export interface CardSink {
  writeCard(slot: number, html: string): Promise<void>;
  writeCardIndex(index: CardIndex): Promise<void>;
}

/** What {@link TaskCards} needs. */
export interface TaskCardsOptions {
  readonly declarations: readonly CardDeclaration[];
  readonly renderers: readonly CardRenderer[];
  readonly sink: CardSink;
  readonly graph: FlowGraph;
  readonly task: Omit<CardTaskInfo, "status" | "finishedAt" | "error">;
  /** The run's parameters as the running task has them. */
  readonly parameters: readonly CardArtifact[];
  /** Writes a line to the task's stderr. */
  readonly warn: (line: string) => void;
}

/** How the step ended, for the final render. */
export interface CardsFinish {
  readonly status: Exclude<CardTaskStatus, "running">;
  readonly finishedAt: string;
  readonly error?: { readonly name: string; readonly message: string };
  /** Parameters and other artifacts as stored (none when the step failed). */
  readonly parameters?: readonly CardArtifact[];
  readonly artifacts?: readonly CardArtifact[];
}

interface RefreshState {
  lastStart: number;
  pending: boolean;
  running: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** The cards of one task attempt. */
export class TaskCards {
  /** What the step reads as `current.card`. */
  readonly current: CurrentCard;
  private readonly slots: CardSlot[];
  private readonly refreshes = new Map<CardSlot, RefreshState>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly entries = new Map<number, CardIndexEntry>();
  private writes: Promise<void> = Promise.resolve();
  private finished = false;
  private storeWarned = false;

  constructor(private readonly options: TaskCardsOptions) {
    this.slots = options.declarations.map((d) => new CardSlot(d, (slot) => this.requestRefresh(slot)));
    this.current = this.makeCurrent();
  }

  /** Renders and stores every card a last time. Resolves when they are stored (or failed to be). */
  async finish(end: CardsFinish): Promise<void> {
    this.finished = true;
    for (const state of this.refreshes.values()) clearTimeout(state.timer);
    await Promise.all(this.inflight);
    const task: CardTaskInfo = { ...this.options.task, status: end.status, finishedAt: end.finishedAt, ...(end.error ? { error: end.error } : {}) };
    const parameters = end.parameters ?? this.options.parameters;
    await Promise.all(this.slots.map((slot) => this.store(slot, task, parameters, end.artifacts ?? [], true)));
    await this.writes;
  }

  private makeCurrent(): CurrentCard {
    const { slots } = this;
    const warn = this.options.warn;
    const step = this.options.task.stepName;
    const choice = chooseDefaultCard(step, this.options.declarations, this.options.renderers);
    const primary: CardHandle = slots.find((s) => choice.card !== undefined && s.declaration === choice.card) ?? new DetachedCard(undefined, choice.card === undefined ? choice.why : "", warn);
    const detached = new Map<string, DetachedCard>();
    return Object.freeze({
      get id() {
        return primary.id;
      },
      get type() {
        return primary.type;
      },
      get components() {
        return primary.components;
      },
      get all() {
        return slots;
      },
      append: (...c: Parameters<CardHandle["append"]>) => primary.append(...c),
      clear: () => primary.clear(),
      refresh: () => primary.refresh(),
      get(id: string): CardHandle {
        const found = slots.find((s) => s.id === id);
        if (found !== undefined) return found;
        let d = detached.get(id);
        if (d === undefined) {
          const known = slots.map((s) => s.id).filter((x) => x !== undefined);
          d = new DetachedCard(id, `current.card.get(${JSON.stringify(id)}): step ${step} has no @card({ id: ${JSON.stringify(id)} }) (its card ids: ${known.join(", ") || "none"}); what is appended to it is not stored.`, warn);
          detached.set(id, d);
        }
        return d;
      },
    });
  }

  private requestRefresh(slot: CardSlot): void {
    if (this.finished) return;
    let state = this.refreshes.get(slot);
    if (state === undefined) {
      state = { lastStart: -Infinity, pending: false, running: false, timer: undefined };
      this.refreshes.set(slot, state);
    }
    state.pending = true;
    this.pump(slot, state);
  }

  /** Starts a refresh render when one is pending, none is running and the interval has passed. */
  private pump(slot: CardSlot, state: RefreshState): void {
    if (this.finished || !state.pending || state.running || state.timer !== undefined) return;
    const wait = state.lastStart + slot.declaration.refreshIntervalMs - Date.now();
    if (wait > 0) {
      state.timer = setTimeout(() => {
        state.timer = undefined;
        this.pump(slot, state);
      }, wait);
      state.timer.unref();
      return;
    }
    state.pending = false;
    state.running = true;
    state.lastStart = Date.now();
    const task: CardTaskInfo = { ...this.options.task, status: "running" };
    const p = this.store(slot, task, this.options.parameters, [], false).finally(() => {
      state.running = false;
      this.inflight.delete(p);
      this.pump(slot, state);
    });
    this.inflight.add(p);
  }

  /** Renders one card and queues its write (cards and index are written one at a time, in order). */
  private async store(slot: CardSlot, task: CardTaskInfo, parameters: readonly CardArtifact[], artifacts: readonly CardArtifact[], final: boolean): Promise<void> {
    const d = slot.declaration;
    const input: CardRenderInput = { id: d.id, type: d.type, task, graph: this.options.graph, parameters, artifacts, components: [...slot.components] };
    const rendered = await renderCard(input, this.options.renderers, d.timeoutMs);
    const entry: CardIndexEntry = {
      slot: d.slot,
      ...(d.id === undefined ? {} : { id: d.id }),
      type: d.type,
      sha: sha256(rendered.html),
      size: Buffer.byteLength(rendered.html),
      updatedAt: new Date().toISOString(),
      final,
      ...(rendered.error === undefined ? {} : { error: rendered.error }),
    };
    this.writes = this.writes.then(async () => {
      try {
        await this.options.sink.writeCard(d.slot, rendered.html);
        this.entries.set(d.slot, entry);
        await this.options.sink.writeCardIndex({ cards: [...this.entries.values()].sort((a, b) => a.slot - b.slot) });
      } catch (e) {
        if (this.storeWarned) return;
        this.storeWarned = true;
        this.options.warn(`Card ${d.id ?? d.slot} of ${task.pathspec} could not be stored: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    await this.writes;
  }
}
