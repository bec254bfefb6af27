import type { WasmflowError } from "../api/wasmflow.js";

/** An error as the runtime names it: its stable code first, then what it says. */
export function ErrorNote({ error, message }: { readonly error?: WasmflowError; readonly message?: string }) {
  return (
    <div className="error-note" role="alert">
      {error === undefined ? null : <code className="error-code">{error.code}</code>}{" "}
      <span>{error?.message ?? message}</span>
    </div>
  );
}
