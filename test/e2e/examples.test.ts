/**
 * Every example in `examples/` runs and produces what its doc comment promises:
 * hello (also run directly through `main()` with tsx), branch, movie stats, switch.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { examplePath, limiter, RUN_CONCURRENCY, runFlow, runFlowDirect } from "../utils/cli.js";
import { assertMentions, assertSucceeded, byIndex, openRun, tasksOf } from "../utils/client.js";

const limit = limiter(RUN_CONCURRENCY);
const runs = {
  hello: limit(() => runFlow(examplePath("hello.ts"), ["--name", "Ada", "--excitement", "3"])),
  helloDirect: limit(() => runFlowDirect(examplePath("hello.ts"))),
  branch: limit(() => runFlow(examplePath("branch.ts"))),
  movies: limit(() => runFlow(examplePath("movies/movie-stats.ts"))),
  switch: limit(() => runFlow(examplePath("switch.ts"))),
};

/** Reference quartiles (linear interpolation), computed independently of the example. */
function referenceStats(csv: string, genre: string): { count: number; quartiles: number[] } {
  const grosses = csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter((cells) => cells[2]!.split("|").includes(genre))
    .map((cells) => Number(cells[3]))
    .sort((a, b) => a - b);
  const q = (p: number): number => {
    const pos = (grosses.length - 1) * p;
    const lo = Math.floor(pos);
    const frac = pos - lo;
    return grosses[lo]! + (frac === 0 ? 0 : (grosses[lo + 1]! - grosses[lo]!) * frac);
  };
  return { count: grosses.length, quartiles: [q(0.25), q(0.5), q(0.75)] };
}

describe("examples", () => {
  test("hello.ts with parameters", async () => {
    const r = await runs.hello;
    assertSucceeded(r);
    assertMentions(r, "Hello, Ada!!!", "HELLO, ADA!!!", `HelloFlow run ${r.runId}`);
    const run = await openRun("HelloFlow", r);
    const data = await run.data();
    assert.equal(data["greeting"], "Hello, Ada!!!");
    assert.equal(data["loud"], "HELLO, ADA!!!");
  });

  test("hello.ts run directly (`node --import tsx examples/hello.ts run`) with defaults", async () => {
    const r = await runs.helloDirect;
    assertSucceeded(r);
    assertMentions(r, "Hello, world!");
    const run = await openRun("HelloFlow", r);
    assert.equal((await run.data())["loud"], "HELLO, WORLD!");
  });

  test("branch.ts computes the variance from two branches", async () => {
    const r = await runs.branch;
    assertSucceeded(r);
    assertMentions(r, "numbers 1..10: total=55 variance=8.25");
    const run = await openRun("BranchFlow", r);
    const data = await run.data();
    assert.equal(data["total"], 55);
    assert.equal(data["sumOfSquares"], 385);
    assert.equal(data["variance"], 8.25);
    assert.equal(data["label"], "1..10");
    assert.equal(data["scratch"], undefined);
  });

  test("movies/movie-stats.ts: quartiles of gross per genre, from the CSV shipped beside it", async () => {
    const r = await runs.movies;
    assertSucceeded(r);
    const csv = await readFile(examplePath("movies/movies.csv"), "utf8");
    const genres = [...new Set(csv.trim().split("\n").slice(1).flatMap((l) => l.split(",")[2]!.split("|")))].sort();
    assertMentions(r, `Top 5 of ${genres.length} genres`, "Drama");
    const run = await openRun("MovieStatsFlow", r);
    const data = await run.data();
    assert.equal(data["csv"], csv, "the included file is stored with the run");
    assert.deepEqual(data["genres"], genres);
    const stats = data["genreStats"] as Record<string, { count: number; quartiles: number[] }>;
    assert.deepEqual(Object.keys(stats).sort(), genres.map((g) => g.toLowerCase()).sort());
    for (const genre of ["Drama", "Comedy", "Horror", "Documentary"]) {
      const ref = referenceStats(csv, genre);
      const got = stats[genre.toLowerCase()]!;
      assert.equal(got.count, ref.count, `${genre} count`);
      got.quartiles.forEach((v, i) => assert.ok(Math.abs(v - ref.quartiles[i]!) < 1e-3, `${genre} quartile ${i}: ${v} vs ${ref.quartiles[i]}`));
    }
    const summary = data["summary"] as string[];
    assert.equal(summary.length, 5);
    assert.match(summary[0]!, /^Drama/, "Drama has the most movies");
    const tasks = byIndex(await tasksOf(run, "computeStatistics"));
    assert.equal(tasks.length, genres.length, "one task per genre");
    assert.deepEqual(await Promise.all(tasks.map((t) => t.artifact("genre"))), genres);
  });

  test("switch.ts: refine loops until converged, then the small branch runs", async () => {
    const r = await runs.switch;
    assertSucceeded(r);
    const run = await openRun("SquareRootFlow", r);
    const data = await run.data();
    assert.ok(Math.abs((data["estimate"] as number) - Math.SQRT2) < 1e-12, `estimate ${String(data["estimate"])}`);
    const iterations = data["iterations"] as number;
    assert.ok(iterations >= 3, `iterations ${iterations}`);
    assert.equal((await tasksOf(run, "refine")).length, iterations, "one refine task per iteration");
    assert.equal((data["history"] as number[]).length, iterations);
    assert.equal(data["size"], "small");
    assert.match(data["verdict"] as string, /is small/);
    assert.equal((await tasksOf(run, "small")).length, 1);
    assert.equal((await tasksOf(run, "large")).length, 0);
    assertMentions(r, /after \d+ iterations/);
  });
});
