/**
 * Text in a scrolling box (JSON, logs) that a keyboard can scroll too: it takes focus.
 */
export function CodeBlock({
  label,
  testId,
  className,
  children,
}: {
  readonly label: string;
  readonly testId?: string;
  readonly className?: string;
  readonly children: string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a long value scrolls, and a keyboard can scroll only what takes focus.
    <pre tabIndex={0} title={label} data-testid={testId} className={className}>
      {children}
    </pre>
  );
}

/** A value as indented JSON. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "undefined";
}
