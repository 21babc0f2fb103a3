/**
 * Several cards on one step (a default card and two blank ones with ids) filled with every
 * built-in component; text that tries to inject HTML everywhere.
 */
import { FlowSpec, step, card, current, main } from "metaflow-ts";
import { Markdown, Table, Image, VegaChart, ProgressBar, Artifact } from "metaflow-ts/cards";

// The smallest valid PNG: 1x1 transparent pixel.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

export default class CardComponentsFlow extends FlowSpec {
  @card
  @card({ type: "blank", id: "report" })
  @card({ type: "blank", id: "chart" })
  @step
  start() {
    current.card.append(Markdown("Appended to the default card"));
    const report = current.card.get("report");
    report.append(
      Markdown("# Report\n\nSome **bold** text and <script>alert('md')</script> and [a link](javascript:alert(1))."),
      Table([["alpha", 1], ["<script>alert('cell')</script>", 2]], { headers: ["name", "<i>count</i>"] }),
      Table([{ model: "a", score: 0.9 }, { model: "b", score: 0.8 }]),
      Image(PNG, { alt: "one pixel", caption: "a <tiny> image" }),
      ProgressBar({ max: 4, value: 3, label: "epochs" }),
      Artifact({ nested: { list: [1, 2, 3] }, tag: "</pre><script>x</script>" }, { name: "metrics" }),
    );
    current.card.get("chart").append(
      VegaChart({
        description: "loss per epoch",
        data: { values: [{ epoch: 1, loss: 0.9 }, { epoch: 2, loss: 0.5 }, { epoch: 3, loss: 0.3 }, { epoch: 4, loss: "<script>" }] },
        mark: "line",
        encoding: { x: { field: "epoch", type: "ordinal" }, y: { field: "loss", type: "quantitative" } },
      }),
    );
    current.card.get("nope").append(Markdown("lost"));
    this.cardIds = current.card.all.map((c) => c.id ?? "(none)");
    this.next(this.end);
  }
  cardIds!: string[];

  @step
  end() {}
}

main(import.meta, CardComponentsFlow);
