/**
 * Cards that cannot be rendered, in tasks that succeed: a component that throws, a chart that
 * wants the network, a component that never finishes (the card's timeout gives up on it);
 * and a step that fails, whose card says so.
 */
import { FlowSpec, step, card, current, main, type CardComponent } from "metaflow-ts";
import { Markdown, VegaChart } from "metaflow-ts/cards";

const broken: CardComponent = {
  render() {
    throw new Error("this component is broken on purpose");
  },
};
const hanging: CardComponent = { render: () => new Promise<string>(() => {}) };

export default class FailingCardFlow extends FlowSpec {
  @card({ type: "blank" })
  @step
  start() {
    current.card.append(Markdown("before"), broken, VegaChart({ data: { url: "https://example.com/data.csv" }, mark: "bar" }), Markdown("after"));
    this.next(this.slow);
  }

  @card({ type: "blank", timeout: 0.5 })
  @step
  slow() {
    current.card.append(hanging);
    this.next(this.boom);
  }

  @card
  @step
  boom() {
    current.card.append(Markdown("about to fail"));
    if (process.env["CARD_FAIL"] === "1") throw new Error("step failed on purpose");
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, FailingCardFlow);
