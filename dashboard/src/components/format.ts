import { formatDuration as durationText } from "../shape/waterfall.js";

/** A duration as people read it (the timeline's own wording), or "—" when there is none. */
export function formatDuration(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? "—" : durationText(ms);
}

/** A time in the reader's own locale, with the date only when it is not today. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return "—";
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString() : at.toLocaleString();
}

/** A value's JSON, cut to `max` characters for a table cell. */
export function preview(value: unknown, max = 80): string {
  const text = value === undefined ? "" : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The run time of something that started at `from` and ended at `to` (or is still going). */
export function spanMs(from: string, to: string | undefined, now = Date.now()): number {
  return (to === undefined ? now : Date.parse(to)) - Date.parse(from);
}
