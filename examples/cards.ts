/**
 * Cards: `train` fits a line to noisy points by gradient descent and reports as it goes. Its
 * "training" card (a blank card) shows a progress bar and the loss curve, refreshed every epoch
 * so it can be watched while the step runs; its default card lists its artifacts, parameters and
 * the graph. `end` sums it up in a table.
 *
 *   npx metaflow-ts run examples/cards.ts
 *   npx metaflow-ts card list CardsFlow/<run>          # every card of the run
 *   npx metaflow-ts card view CardsFlow/<run>/train/2 --id training
 */
import { FlowSpec, step, card, current, Parameter, main } from "metaflow-ts";
import { Markdown, ProgressBar, Table, VegaChart } from "metaflow-ts/cards";

export default class CardsFlow extends FlowSpec {
  epochs = Parameter("epochs", { default: 40, help: "passes over the data" });
  rate = Parameter("rate", { default: 0.05, help: "learning rate" });

  @step
  start() {
    // y = 3x + 2, with deterministic noise.
    this.points = Array.from({ length: 50 }, (_, i) => {
      const x = i / 10;
      return { x, y: 3 * x + 2 + Math.sin(i * 12.9898) * 0.5 };
    });
    this.next(this.train);
  }
  points!: { x: number; y: number }[];

  @card
  @card({ type: "blank", id: "training", refreshInterval: 0.5 })
  @step
  train() {
    const training = current.card.get("training");
    const bar = ProgressBar({ max: this.epochs, label: "epochs" });
    const curve: { epoch: number; loss: number }[] = [];
    const chart = VegaChart(lossChart(curve), { alt: "training loss per epoch" });
    training.append(Markdown(`# Training\nFitting \`y = a·x + b\` to ${this.points.length} points, learning rate ${this.rate}.`), bar, chart);
    let a = 0;
    let b = 0;
    for (let epoch = 1; epoch <= this.epochs; epoch++) {
      let da = 0;
      let db = 0;
      let loss = 0;
      for (const { x, y } of this.points) {
        const err = a * x + b - y;
        da += (2 * err * x) / this.points.length;
        db += (2 * err) / this.points.length;
        loss += (err * err) / this.points.length;
      }
      a -= this.rate * da;
      b -= this.rate * db;
      curve.push({ epoch, loss });
      bar.update(epoch);
      chart.update(lossChart(curve));
      training.refresh();
    }
    this.slope = a;
    this.intercept = b;
    this.finalLoss = curve[curve.length - 1]?.loss ?? Number.NaN;
    current.card.append(Markdown(`Fitted **a = ${a.toFixed(3)}**, **b = ${b.toFixed(3)}**.`));
    this.next(this.end);
  }
  slope!: number;
  intercept!: number;
  finalLoss!: number;

  @card({ type: "blank" })
  @step
  end() {
    current.card.append(
      Markdown("# Summary"),
      Table([["slope", this.slope.toFixed(3), "3"], ["intercept", this.intercept.toFixed(3), "2"], ["final loss", this.finalLoss.toFixed(4), "–"]], { headers: ["value", "fitted", "true"] }),
    );
  }
}

function lossChart(curve: readonly { epoch: number; loss: number }[]) {
  return {
    title: "Training loss",
    width: 480,
    height: 200,
    data: { values: [...curve] },
    mark: { type: "line", point: true },
    encoding: { x: { field: "epoch", type: "quantitative" }, y: { field: "loss", type: "quantitative", scale: { type: "log" } } },
  };
}

main(import.meta, CardsFlow);
