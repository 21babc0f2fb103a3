/**
 * Entry of the short-lived process that analyses a flow's source (see analyse-source.ts): reads
 * `{ text, displayFile }` as JSON on stdin, writes the analysis (graph + lint findings, as the
 * analysis cache stores it) as JSON on stdout, and ends, taking the TypeScript parser with it.
 * @module
 */
import { analyseHere } from "./analyse-source.js";

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { text, displayFile } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { readonly text: string; readonly displayFile: string };
process.stdout.write(JSON.stringify(analyseHere(text, displayFile)));
