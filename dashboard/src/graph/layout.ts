import ELK from "elkjs/lib/elk-api.js";
import workerUrl from "elkjs/lib/elk-worker.min.js?url";
import { elkGraphOf } from "./elk-input.js";
import { type GraphLayout, layoutOfElk } from "./elk-output.js";
import type { GraphModel } from "./graph-model.js";

// One worker for the page, started on the first layout: laying out 2 000 steps takes seconds,
// which on the main thread would freeze scrolling and typing for as long.
let elk: InstanceType<typeof ELK> | undefined;

// A model is built once per flow shown; a run's page redraws states on the same model, and
// going back to a page keeps its layout.
const layouts = new WeakMap<GraphModel, Promise<GraphLayout>>();

/**
 * Starts the layout worker now: a page that will draw a graph calls it before it has the graph,
 * so fetching and compiling the worker (1.6 MB of script) overlaps with the page's own requests.
 */
export function warmLayout(): InstanceType<typeof ELK> {
  elk ??= new ELK({ workerUrl });
  return elk;
}

/** Where every step and edge of `model` goes, computed in a Web Worker; one computation per model object. */
export function layoutOf(model: GraphModel): Promise<GraphLayout> {
  let layout = layouts.get(model);
  if (layout === undefined) {
    layout = warmLayout().layout(elkGraphOf(model)).then(layoutOfElk);
    // A failed layout is not kept: showing the flow again tries again.
    layout.catch(() => layouts.delete(model));
    layouts.set(model, layout);
  }
  return layout;
}
