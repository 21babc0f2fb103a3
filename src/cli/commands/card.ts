/**
 * `metaflow-ts card get|list|view PATHSPEC`: the HTML cards `@card` stored for a task.
 * `get` prints one (or writes it with `--output`), `list` shows each card's index, id and type,
 * `view` writes one to a temp file, prints its path and opens it in `$BROWSER` when that is set.
 * @module
 */
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import type { Card } from "../../client/card.js";
import { namespace } from "../../client/namespace.js";
import { resolvePathspec } from "../../client/resolve-pathspec.js";
import type { Task } from "../../client/task.js";
import { ErrorCode, MetaflowError, NotFoundError } from "../../errors.js";
import { withDatastoreRoot, useDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { renderTable } from "../format/table.js";

/** Which card of a task: by `id`, or by `index` (position among the step's cards). */
export interface CardChoice extends DatastoreRootOption {
  readonly id?: string;
  readonly index?: number;
  readonly attempt?: number;
}

/** Options of `card get`. */
export interface CardGetOptions extends CardChoice {
  readonly output?: string;
}

/** `card get`: prints the card's HTML, or writes it to `--output`. */
export async function cardGetCommand(pathspec: string, options: CardGetOptions, io: CommandIo): Promise<number> {
  const { card, note } = await chooseCard(pathspec, options);
  if (note !== undefined) io.err(note);
  if (options.output === undefined) {
    io.out(card.html);
  } else {
    await writeFile(options.output, card.html);
    io.err(`Wrote ${describe(card)} to ${options.output}`);
  }
  return CliExit.Ok;
}

/** `card list`: one line per card of each task the pathspec names. */
export async function cardListCommand(pathspec: string, options: DatastoreRootOption, io: CommandIo): Promise<number> {
  useDatastoreRoot(options);
  namespace(null);
  const { tasks } = await resolvePathspec(pathspec);
  const rows: string[][] = [];
  for (const task of tasks) {
    for (const c of await task.cards()) rows.push([c.pathspec, String(c.index), c.id ?? "-", c.type, c.error !== undefined ? "render failed" : c.final ? "final" : "live", String(c.attempt)]);
  }
  if (rows.length === 0) {
    io.out(`No cards in ${pathspec}. Put @card above a step's @step (or run with --with card) to get one.`);
    return CliExit.Ok;
  }
  for (const line of renderTable(["TASK", "INDEX", "ID", "TYPE", "STATE", "ATTEMPT"], rows)) io.out(line);
  return CliExit.Ok;
}

/** `card view`: writes the card to a temp file, prints its path, opens `$BROWSER` when set. */
export async function cardViewCommand(pathspec: string, options: CardChoice, io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { card, note } = await chooseCard(pathspec, options);
  if (note !== undefined) io.err(note);
  const dir = path.join(os.tmpdir(), `metaflow-ts-${os.userInfo().uid}`, "cards");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${card.pathspec.replaceAll("/", "_")}-${card.attempt}-${card.id ?? card.index}.html`);
  await writeFile(file, card.html);
  io.out(file);
  const browser = env.BROWSER?.split(":")[0]?.trim();
  if (browser) {
    const words = browser.split(/\s+/);
    const args = words.slice(1).some((w) => w.includes("%s")) ? words.slice(1).map((w) => w.replaceAll("%s", file)) : [...words.slice(1), file];
    const child = spawn(words[0] ?? browser, args, { detached: true, stdio: "ignore" });
    child.on("error", (e) => io.err(`Could not start $BROWSER (${browser}): ${e.message}`));
    child.unref();
  }
  return CliExit.Ok;
}

/** The task a pathspec names (a step pathspec works when the step has one task). */
async function oneTask(pathspec: string, attempt: number | undefined): Promise<Task> {
  const resolved = await resolvePathspec(pathspec, attempt === undefined ? {} : { attempt });
  if (resolved.kind === "run") throw new MetaflowError(ErrorCode.InvalidPathspec, `A card belongs to a task: give Flow/run/step/task, not the run ${pathspec}. \`metaflow-ts card list ${pathspec}\` lists the run's cards.`);
  const [task, ...more] = resolved.tasks;
  if (task === undefined) throw new NotFoundError(`Step ${pathspec} has no tasks.`);
  if (more.length > 0) {
    throw new MetaflowError(ErrorCode.InvalidPathspec, `Step ${pathspec} has ${resolved.tasks.length} tasks; name one: ${resolved.tasks.slice(0, 5).map((t) => t.pathspec).join(", ")}${resolved.tasks.length > 5 ? ", ..." : ""}.`);
  }
  return task;
}

async function chooseCard(pathspec: string, options: CardChoice): Promise<{ card: Card; note?: string }> {
  useDatastoreRoot(options);
  namespace(null); // a pathspec names its run explicitly
  const task = await oneTask(pathspec, options.attempt);
  const cards = await task.cards();
  if (cards.length === 0) {
    throw new NotFoundError(`Task ${task.pathspec} (attempt ${task.attempt}) has no cards. Put @card above the @step of ${task.stepName} (or run with --with card) to get one.`);
  }
  const listing = cards.map((c) => (c.id === undefined ? `index ${c.index} (no id)` : `id ${c.id}`)).join(", ");
  if (options.id !== undefined) {
    const card = cards.find((c) => c.id === options.id);
    if (card === undefined) throw new NotFoundError(`Task ${task.pathspec} has no card with id '${options.id}'. Its cards: ${listing}.`);
    return { card };
  }
  if (options.index !== undefined) {
    const card = cards.find((c) => c.index === options.index);
    if (card === undefined) throw new NotFoundError(`Task ${task.pathspec} has no card at index ${options.index}. Its cards: ${listing}.`);
    return { card };
  }
  const [first] = cards as [Card, ...Card[]];
  return cards.length > 1 ? { card: first, note: `Task ${task.pathspec} has ${cards.length} cards (${listing}); showing the first. Pick one with --id or --index.` } : { card: first };
}

function describe(card: Card): string {
  return `card ${card.id ?? `#${card.index}`} of ${card.pathspec}`;
}

const wholeNumber = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0.");
  return n;
};

function withChoice(cmd: Command): Command {
  return withDatastoreRoot(
    cmd
      .argument("<pathspec>", "Flow/run/step/task (or Flow/run/step when the step has one task)")
      .option("--id <id>", "the card with this id (@card({ id }))")
      .option("--index <n>", "the card at this position among the step's cards (0 = top)", wholeNumber)
      .option("--attempt <n>", "attempt number (0 = first; default: the latest)", wholeNumber),
  );
}

/** Registers `card get|list|view`. */
export function registerCard(program: Command, ctx: CliContext): void {
  const card = program.command("card").description("HTML report cards of tasks (@card): get, list, view");
  withChoice(card.command("get").description("print a task's card (HTML), or write it to --output"))
    .option("--output <file>", "write the HTML to this file instead of stdout")
    .action(async (pathspec: string, opts: CardGetOptions) => ctx.setExit(await cardGetCommand(pathspec, opts, ctx.io)));
  withDatastoreRoot(card.command("list").description("list the cards of a task, a step or a run").argument("<pathspec>", "Flow/run[/step[/task]]")).action(
    async (pathspec: string, opts: DatastoreRootOption) => ctx.setExit(await cardListCommand(pathspec, opts, ctx.io)),
  );
  withChoice(card.command("view").description("write a task's card to a temp file and print its path (opens $BROWSER when set)")).action(
    async (pathspec: string, opts: CardChoice) => ctx.setExit(await cardViewCommand(pathspec, opts, ctx.io)),
  );
}
