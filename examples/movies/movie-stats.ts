/**
 * Movie statistics by genre: the Metaflow tutorial's MovieStatsFlow in TypeScript.
 *
 *   npx metaflow-ts run examples/movies/movie-stats.ts --max-workers 4
 *   npx metaflow-ts run examples/movies/movie-stats.ts --csv ./my-movies.csv --top 10
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { FlowSpec, step, Parameter, IncludeFile, main, type Inputs } from "metaflow-ts";

/** One row of the movie CSV. */
export interface Movie {
  readonly title: string;
  readonly year: number;
  readonly genres: readonly string[];
  /** US box-office gross, in dollars. */
  readonly gross: number;
}

/** The 25th, 50th and 75th percentiles of a genre's gross, with the number of movies. */
export interface GenreStats {
  readonly count: number;
  readonly quartiles: readonly [q1: number, median: number, q3: number];
}

/**
 * MovieStatsFlow computes the quartiles of box-office gross for every genre.
 *
 * 1. `start` parses the CSV (columns `movie_title,title_year,genres,gross`, genres separated
 *    by `|`) and lists the genres.
 * 2. `computeStatistics` runs once per genre, in parallel (a foreach).
 * 3. `join` collects a dictionary genre -> quartiles and prints a summary.
 */
export default class MovieStatsFlow extends FlowSpec {
  /** The movie CSV, stored with the run as a versioned artifact. */
  csv = IncludeFile("csv", {
    default: fileURLToPath(new URL("./movies.csv", import.meta.url)),
    isText: true,
    help: "path to a CSV file with columns movie_title,title_year,genres,gross",
  });

  /** How many genres the summary lists (`--top`). */
  top = Parameter("top", { default: 5, help: "how many genres, by number of movies, to list in the summary" });

  /** Every movie of the CSV. */
  movies!: Movie[];
  /** Distinct genres, sorted: the foreach is over this list. */
  genres!: string[];
  /** The genre of one `computeStatistics` task. */
  genre!: string;
  /** The statistics of one genre. */
  stats!: GenreStats;
  /** Lower-cased genre -> statistics, built in the join. */
  genreStats!: Record<string, GenreStats>;
  /** The printed summary lines. */
  summary!: string[];

  /** Parses the CSV and fans out over the genres. */
  @step
  start() {
    this.movies = parseMovies(this.csv);
    this.genres = [...new Set(this.movies.flatMap((m) => m.genres))].sort();
    console.log(`${this.movies.length} movies, ${this.genres.length} genres`);
    this.next(this.computeStatistics, { foreach: "genres" });
  }

  /** Computes the quartiles of gross for the genre of this task. */
  @step
  computeStatistics() {
    this.genre = this.input as string;
    const grosses = this.movies.filter((m) => m.genres.includes(this.genre)).map((m) => m.gross);
    this.stats = { count: grosses.length, quartiles: quartiles(grosses) };
    console.log(`${this.genre}: ${grosses.length} movies, median ${formatDollars(this.stats.quartiles[1])}`);
    this.next(this.join);
  }

  /** Builds the genre -> statistics dictionary and prints the top genres. */
  @step
  join(inputs: Inputs<MovieStatsFlow>) {
    this.genreStats = Object.fromEntries(inputs.map((inp) => [inp.genre.toLowerCase(), inp.stats]));
    const ranked = inputs
      .map((inp) => ({ genre: inp.genre, stats: inp.stats }))
      .sort((a, b) => b.stats.count - a.stats.count || a.genre.localeCompare(b.genre))
      .slice(0, this.top);
    this.summary = ranked.map(({ genre, stats }) => {
      const [q1, median, q3] = stats.quartiles.map(formatDollars);
      return `${genre.padEnd(12)} ${String(stats.count).padStart(4)} movies  Q1 ${q1}  median ${median}  Q3 ${q3}`;
    });
    this.mergeArtifacts(inputs, { include: ["movies", "genres"] });
    this.next(this.end);
  }

  /** Prints the summary. */
  @step
  end() {
    console.log(`Top ${this.summary.length} of ${this.genres.length} genres by number of movies:`);
    for (const line of this.summary) console.log(line);
  }
}

/** Parses the movie CSV (no quoted fields). Rows with a missing or non-numeric gross are skipped. */
function parseMovies(csv: string): Movie[] {
  const [header, ...rows] = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  const columns = (header ?? "").split(",").map((c) => c.trim());
  const at = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`movie CSV has no column "${name}" (columns: ${columns.join(", ")})`);
    return i;
  };
  const [iTitle, iYear, iGenres, iGross] = [at("movie_title"), at("title_year"), at("genres"), at("gross")];
  const movies: Movie[] = [];
  for (const row of rows) {
    const cells = row.split(",");
    const gross = Number(cells[iGross]);
    if (!Number.isFinite(gross) || cells[iGross]?.trim() === "") continue;
    movies.push({
      title: cells[iTitle]?.trim() ?? "",
      year: Number(cells[iYear]),
      genres: (cells[iGenres] ?? "").split("|").map((g) => g.trim()).filter((g) => g !== ""),
      gross,
    });
  }
  return movies;
}

/** Quartiles with linear interpolation between closest ranks (pandas' default). */
function quartiles(values: readonly number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => {
    if (sorted.length === 0) return Number.NaN;
    const pos = (sorted.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  return [at(0.25), at(0.5), at(0.75)];
}

/** `123456789` -> `$123.5M`. */
function formatDollars(n: number): string {
  return `$${(n / 1e6).toFixed(1)}M`;
}

main(import.meta, MovieStatsFlow);
