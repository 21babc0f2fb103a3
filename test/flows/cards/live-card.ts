/**
 * A card refreshed while its task runs: the step moves a progress bar, refreshes, and then
 * waits for the file $CARD_GO_FILE before it finishes (a test watches the card from outside).
 */
import { existsSync } from "node:fs";
import { FlowSpec, step, card, current, main } from "metaflow-ts";
import { Markdown, ProgressBar } from "metaflow-ts/cards";

export default class LiveCardFlow extends FlowSpec {
  @card({ type: "blank", refreshInterval: 0.2 })
  @step
  async start() {
    const bar = ProgressBar({ max: 10, label: "epochs" });
    const status = Markdown("Training started");
    current.card.append(status, bar);
    for (let epoch = 1; epoch <= 3; epoch++) {
      bar.update(epoch);
      current.card.refresh();
    }
    status.update("Waiting for the go file");
    current.card.refresh();
    const go = process.env["CARD_GO_FILE"] ?? "";
    while (!existsSync(go)) await new Promise((r) => setTimeout(r, 50));
    bar.update(10);
    status.update("Training done");
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, LiveCardFlow);
