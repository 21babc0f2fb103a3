/**
 * Behaviour: IncludeFile as text and as bytes. A default path is relative to the flow file
 * (like a Config's default); a path given with `--notes` is relative to the working directory.
 * @module
 */
import { FlowSpec, step, IncludeFile, main } from "metaflow-ts";

/** IncludeFileFlow: `notes` is text, `blob` is bytes. */
export default class IncludeFileFlow extends FlowSpec {
  notes = IncludeFile("notes", { default: "./notes.txt", isText: true, help: "a text file" });
  blob = IncludeFile("blob", { default: "./blob.bin", isText: false, help: "a binary file" });

  notesLength!: number;
  firstLine!: string;
  blobIsBytes!: boolean;
  blobLength!: number;
  blobHead!: number[];

  @step
  start() {
    this.notesLength = this.notes.length;
    this.firstLine = this.notes.split("\n")[0] ?? "";
    this.blobIsBytes = this.blob instanceof Uint8Array;
    this.blobLength = this.blob.length;
    this.blobHead = Array.from(this.blob.subarray(0, 4));
    this.next(this.end);
  }

  @step
  end() {
    console.log(`notes: ${this.firstLine} (${this.notesLength} chars), blob: ${this.blobLength} bytes`);
  }
}

main(import.meta, IncludeFileFlow);
