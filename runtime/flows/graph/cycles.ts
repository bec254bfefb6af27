import type { Issue } from "../../errors/index.js";
import type { GraphCore } from "./build-graph.js";

/**
 * One CYCLE issue per strongly connected component of two or more steps (self-loops are
 * reported where they are written), naming one cycle through the component's first step, e.g.
 * `a -> b -> c -> a`. Only nodes Kahn's algorithm could not order are searched.
 */
export function findCycles(core: GraphCore, unordered: readonly number[]): { issues: Issue[]; onCycle: Uint8Array } {
  const onCycle = new Uint8Array(core.ids.length);
  const issues: Issue[] = [];
  for (const component of stronglyConnected(core, unordered)) {
    if (component.length < 2) continue;
    for (const node of component) onCycle[node] = 1;
    const start = component.reduce((a, b) => Math.min(a, b));
    const cycle = cycleThrough(core, start, new Set(component)).map((node) => core.ids[node] as string);
    const text = cycle.join(" -> ");
    issues.push({
      code: "CYCLE",
      path: `steps[${core.stepIndex[start]}]`,
      actual: text,
      message: `steps wait for each other in a cycle: ${text}`,
    });
  }
  return { issues, onCycle };
}

/** Tarjan's algorithm with an explicit stack of (node, next successor) frames instead of recursion. */
function stronglyConnected(core: GraphCore, nodes: readonly number[]): number[][] {
  const n = core.ids.length;
  const inScope = new Uint8Array(n);
  for (const node of nodes) inScope[node] = 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    const frames: { node: number; next: number }[] = [{ node: root, next: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: number; next: number };
      const succs = core.succs[frame.node] ?? [];
      if (frame.next < succs.length) {
        const succ = succs[frame.next++] as number;
        if (inScope[succ] === 0) continue;
        if (index[succ] === -1) {
          index[succ] = low[succ] = counter++;
          stack.push(succ);
          onStack[succ] = 1;
          frames.push({ node: succ, next: 0 });
        } else if (onStack[succ] === 1) {
          low[frame.node] = Math.min(low[frame.node] as number, index[succ] as number);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node] as number, low[frame.node] as number);
      if (low[frame.node] === index[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest cycle from `start` back to itself inside its component, by breadth-first search. */
function cycleThrough(core: GraphCore, start: number, component: ReadonlySet<number>): number[] {
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const succ of core.succs[node] ?? []) {
      if (succ === start) {
        const path = [start];
        for (let at = node; at !== start; at = parent.get(at) as number) path.push(at);
        path.push(start);
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (!component.has(succ) || parent.has(succ)) continue;
      parent.set(succ, node);
      queue.push(succ);
    }
  }
  return [start, start];
}
