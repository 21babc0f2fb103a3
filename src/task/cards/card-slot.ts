/**
 * The cards a step writes to: one {@link CardSlot} per `@card`, and the no-op handle used when
 * the step has no such card (so the same step code runs with and without its cards).
 * @module
 */
import type { CardComponent, CardHandle } from "../../flow/card-api.js";
import type { CardDeclaration } from "./card-declarations.js";

/** A card the step declared: collects components; `refresh()` asks the owner to store it now. */
export class CardSlot implements CardHandle {
  private list: CardComponent[] = [];

  constructor(
    readonly declaration: CardDeclaration,
    private readonly onRefresh: (slot: CardSlot) => void,
  ) {}

  get id(): string | undefined {
    return this.declaration.id;
  }
  get type(): string {
    return this.declaration.type;
  }
  get components(): readonly CardComponent[] {
    return this.list;
  }
  append(...components: CardComponent[]): void {
    this.list.push(...components);
  }
  clear(): void {
    this.list = [];
  }
  refresh(): void {
    this.onRefresh(this);
  }
}

/** A card that is never stored: what `current.card` is without `@card`, or `get()` of an unknown id. */
export class DetachedCard implements CardHandle {
  readonly type = "detached";
  private warned = false;
  private readonly list: CardComponent[] = [];

  constructor(
    readonly id: string | undefined,
    private readonly why: string,
    private readonly warn: (line: string) => void,
  ) {}

  get components(): readonly CardComponent[] {
    return this.list;
  }
  append(...components: CardComponent[]): void {
    this.list.push(...components);
    this.warnOnce();
  }
  clear(): void {
    this.list.length = 0;
  }
  refresh(): void {
    this.warnOnce();
  }
  private warnOnce(): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(this.why);
  }
}
