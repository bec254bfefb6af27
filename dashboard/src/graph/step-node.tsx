import { Handle, type NodeProps, Position } from "@xyflow/react";
import { createContext, type KeyboardEvent, memo, useContext } from "react";
import type { StepNodeData, StepNode as StepNodeType } from "./flow-elements.js";

/**
 * Selecting a step from the keyboard, handed down by context: one stable function for every
 * node, so a new callback from the page does not re-render 2 000 nodes. Clicks go through
 * xyflow's `onNodeClick`.
 */
export const SelectStep = createContext<(stepId: string) => void>(() => {});

function describe({ step, state }: StepNodeData): string {
  const parts = [`step ${step.id}`, `task ${step.task}`];
  if (state !== undefined) parts.push(state);
  if (step.join !== undefined) parts.push(`join ${step.join}`);
  if (step.errorHandler) parts.push("runs when a step fails");
  if (step.retries !== undefined) parts.push(`at most ${step.retries} attempt${step.retries === 1 ? "" : "s"}`);
  return parts.join(", ");
}

function StepNodeView({ data }: NodeProps<StepNodeType>) {
  const select = useContext(SelectStep);
  const { step, state, selected } = data;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    select(step.id);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <button> cannot hold the handles xyflow needs inside the node.
    <div
      className={`flow-step${step.errorHandler ? " flow-step-handler" : ""}${selected ? " flow-step-selected" : ""}`}
      data-step={step.id}
      {...(state === undefined ? {} : { "data-state": state })}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={describe(data)}
      onKeyDown={onKeyDown}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="flow-step-handle" />
      <div className="flow-step-tags">
        {state === undefined ? null : <span className={`flow-step-state state-${state}`}>{state}</span>}
        {step.errorHandler ? <span className="flow-step-tag">on error</span> : null}
        {step.retries === undefined ? null : <span className="flow-step-tag">×{step.retries}</span>}
      </div>
      <div className="flow-step-id" title={step.id}>
        {step.id}
      </div>
      <div className="flow-step-task" title={step.task}>
        {step.task}
      </div>
      {step.join === undefined ? null : (
        <div className="flow-step-join" title={`join: ${step.join}`}>
          join: {step.join}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="flow-step-handle" />
    </div>
  );
}

export const StepNode = memo(StepNodeView);
