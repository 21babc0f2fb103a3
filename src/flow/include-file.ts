/**
 * `IncludeFile(name, options)`: a local file whose contents become a versioned artifact
 * of the run. Set with `--name path` on `run`.
 * @module
 */
import { declaration } from "./parameter.js";

/** Options of {@link IncludeFile}. */
export interface IncludeFileOptions {
  /** Path of the file when `--name` is not given, relative to the flow file (a path given with `--name` is relative to the working directory). */
  readonly default?: string;
  /** Read as UTF-8 text (a string) or as bytes (a Uint8Array). @default true */
  readonly isText?: boolean;
  /** Shown by `run --help`. */
  readonly help?: string;
  /** The run refuses to start without a file. @default false */
  readonly required?: boolean;
}

/** Runtime shape of an IncludeFile declaration (what the field holds before binding). */
export interface IncludeFileDeclaration {
  readonly kind: "include-file";
  readonly name: string;
  readonly options: IncludeFileOptions;
}

/**
 * Declares a file included in the run: its contents are stored as an artifact when the run
 * starts, so every task (and anyone reading the run later) sees the same bytes.
 *
 * @example
 * ```ts
 * class MovieFlow extends FlowSpec {
 *   movies = IncludeFile("movies", { default: "./movies.csv" });   // string
 * }
 * ```
 */
export function IncludeFile(name: string, options: IncludeFileOptions & { isText: false }): Uint8Array;
export function IncludeFile(name: string, options?: IncludeFileOptions): string;
export function IncludeFile(name: string, options: IncludeFileOptions = {}): unknown {
  return declaration<IncludeFileDeclaration>({ kind: "include-file", name, options });
}
