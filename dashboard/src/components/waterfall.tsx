import { type KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { StepVisualState } from "../shape/step-status.js";
import {
  formatDuration,
  ticksOf,
  type WaterfallBar,
  type Waterfall as WaterfallData,
  type WaterfallGap,
  type WaterfallRow,
} from "../shape/waterfall.js";
import "./waterfall.css";

/** Fixed, so a row's place is its index times this: what lets only the visible rows be rendered. */
const rowHeight = 28;
/** Rows rendered beyond each edge of the viewport, so a quick scroll shows no blank band. */
const overscan = 10;
const tickCount = 6;

export interface WaterfallProps {
  readonly waterfall: WaterfallData;
  readonly selected?: string;
  readonly onSelect?: (step: string) => void;
}

/**
 * A run's steps on one time axis: a row per step, its attempts as bars and the backoff between
 * them as hatched gaps. Only the rows in view are in the DOM; arrow keys, Page Up/Down, Home and
 * End move between the step buttons, scrolling the list as they go.
 */
export function Waterfall({ waterfall, selected, onSelect }: WaterfallProps) {
  const { rows, startMs, endMs } = waterfall;
  const span = endMs - startMs;
  const ticks = useMemo(() => ticksOf(span, tickCount), [span]);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(20 * rowHeight);
  const focusWanted = useRef<number | undefined>(undefined);
  const rowsNow = useRef(rows);
  rowsNow.current = rows;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const measure = (): void => setViewport(element.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Focus follows keyboard moves once the target row is rendered.
  useEffect(() => {
    const index = focusWanted.current;
    if (index === undefined) return;
    const element = scroller.current;
    const button = element === null ? null : buttonAt(element, index);
    if (button !== null) {
      focusWanted.current = undefined;
      button.focus({ preventScroll: true });
    }
  });

  // A step selected elsewhere (the graph, a link) is brought into view; the user's own scrolling is left alone.
  useEffect(() => {
    const element = scroller.current;
    if (selected === undefined || element === null) return;
    const index = rowsNow.current.findIndex((row) => row.step === selected);
    if (index < 0) return;
    const top = index * rowHeight;
    if (top < element.scrollTop || top + rowHeight > element.scrollTop + element.clientHeight) {
      element.scrollTop = Math.max(0, top - element.clientHeight / 2);
    }
  }, [selected]);

  const moveFocus = useCallback(
    (event: KeyboardEvent<HTMLButtonElement>, from: number): void => {
      const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
      const target = {
        ArrowDown: from + 1,
        ArrowUp: from - 1,
        PageDown: from + page,
        PageUp: from - page,
        Home: 0,
        End: rows.length - 1,
      }[event.key];
      if (target === undefined) return;
      event.preventDefault();
      const index = Math.min(rows.length - 1, Math.max(0, target));
      const element = scroller.current;
      if (element === null) return;
      const top = index * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + element.clientHeight)
        element.scrollTop = top + rowHeight - element.clientHeight;
      const button = buttonAt(element, index);
      if (button !== null) {
        button.focus({ preventScroll: true });
        return;
      }
      // Not rendered yet: focused once the scroll has rendered it.
      focusWanted.current = index;
      setScrollTop(element.scrollTop);
    },
    [rows.length, viewport],
  );

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const place = (ms: number): number => percentOf(ms, startMs, span);

  return (
    <section className="wf" aria-label="Steps over time">
      <p className="wf-sr-only">
        {rows.length} {rows.length === 1 ? "step" : "steps"} over {formatDuration(span)}.
      </p>
      <div className="wf-axis" aria-hidden="true">
        <div className="wf-axis-label">Step</div>
        <div className="wf-axis-track">
          {ticks.map((tick) => (
            <span key={tick.offsetMs} className="wf-tick" style={{ left: `${place(startMs + tick.offsetMs)}%` }}>
              {tick.label}
            </span>
          ))}
        </div>
      </div>
      <div className="wf-scroller" ref={scroller} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        <div className="wf-body" style={{ height: rows.length * rowHeight }}>
          <div className="wf-grid" aria-hidden="true">
            {ticks.map((tick) => (
              <span
                key={tick.offsetMs}
                className="wf-gridline"
                style={{ left: `${place(startMs + tick.offsetMs)}%` }}
              />
            ))}
          </div>
          <ol className="wf-rows">
            {rows.slice(first, last).map((row, offset) => {
              const index = first + offset;
              return (
                <Row
                  key={row.step}
                  row={row}
                  index={index}
                  count={rows.length}
                  selected={row.step === selected}
                  startMs={startMs}
                  span={span}
                  {...(onSelect === undefined ? {} : { onSelect })}
                  onKey={moveFocus}
                />
              );
            })}
          </ol>
          {rows.length === 0 && <p className="wf-empty">This run has no steps.</p>}
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  readonly row: WaterfallRow;
  readonly index: number;
  readonly count: number;
  readonly selected: boolean;
  readonly startMs: number;
  readonly span: number;
  readonly onSelect?: (step: string) => void;
  readonly onKey: (event: KeyboardEvent<HTMLButtonElement>, index: number) => void;
}

const Row = memo(function Row({ row, index, count, selected, startMs, span, onSelect, onKey }: RowProps) {
  const place = (ms: number): number => percentOf(ms, startMs, span);
  return (
    <li
      className={`wf-row${selected ? " wf-row--selected" : ""}`}
      data-step={row.step}
      style={{ top: index * rowHeight, height: rowHeight }}
      aria-setsize={count}
      aria-posinset={index + 1}
    >
      <button
        type="button"
        className="wf-step"
        data-index={index}
        aria-current={selected ? "true" : undefined}
        title={`${row.step} (${row.task}): ${row.status}`}
        onClick={() => onSelect?.(row.step)}
        onKeyDown={(event) => onKey(event, index)}
      >
        <span className={`wf-dot wf-state--${row.status}`} aria-hidden="true" />
        <span className="wf-step-id">{row.step}</span>
        <span className="wf-sr-only">, {row.status}</span>
      </button>
      <div className="wf-track">
        {row.gaps.map((gap) => (
          <Gap key={gap.after} gap={gap} place={place} />
        ))}
        {row.bars.map((bar) => (
          <Bar key={bar.attempt} bar={bar} place={place} />
        ))}
      </div>
    </li>
  );
});

function Bar({ bar, place }: { readonly bar: WaterfallBar; readonly place: (ms: number) => number }) {
  const left = place(bar.startMs);
  const text = barText(bar);
  return (
    <span
      role="img"
      aria-label={text}
      title={text}
      className={`wf-bar wf-state--${barState(bar.status)}${bar.open ? " wf-bar--open" : ""}`}
      style={{ left: `${left}%`, width: `${place(bar.endMs) - left}%` }}
    />
  );
}

function Gap({ gap, place }: { readonly gap: WaterfallGap; readonly place: (ms: number) => number }) {
  const left = place(gap.fromMs);
  const text = `backoff, ${formatDuration(gap.toMs - gap.fromMs)}`;
  return (
    <span
      role="img"
      aria-label={text}
      title={text}
      className="wf-gap"
      style={{ left: `${left}%`, width: `${place(gap.toMs) - left}%` }}
    />
  );
}

function buttonAt(scroller: HTMLElement, index: number): HTMLButtonElement | null {
  return scroller.querySelector<HTMLButtonElement>(`button[data-index="${index}"]`);
}

/** Where a time falls on the axis, in percent of its span. */
function percentOf(ms: number, startMs: number, span: number): number {
  return span > 0 ? ((ms - startMs) / span) * 100 : 0;
}

/** What a bar says: "attempt 2, failed TASK_FAILED, 12 ms". */
function barText(bar: WaterfallBar): string {
  const outcome = bar.code === undefined ? bar.status : `${bar.status} ${bar.code}`;
  const duration = formatDuration(bar.endMs - bar.startMs);
  return `attempt ${bar.attempt}, ${outcome}, ${bar.open ? `${duration} so far` : duration}`;
}

/** An attempt's colour: one whose process died is drawn like a step that never ran. */
function barState(status: WaterfallBar["status"]): StepVisualState {
  return status === "interrupted" ? "pending" : status;
}
