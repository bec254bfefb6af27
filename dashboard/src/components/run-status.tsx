/** A status as text with its colour dot: the word is always there, colour only repeats it. */
export function RunStatus({ status }: { readonly status: string }) {
  return (
    <span className="status" data-status={status}>
      {status}
    </span>
  );
}
