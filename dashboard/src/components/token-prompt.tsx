import { type FormEvent, useId, useState } from "react";

/** Asks for an access token when the server needs one; what is typed goes to session storage only. */
export function TokenPrompt({
  refused,
  onToken,
}: {
  readonly refused: string | undefined;
  readonly onToken: (token: string) => void;
}) {
  const [text, setText] = useState("");
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== "") onToken(text.trim());
  };
  return (
    <main className="token-prompt">
      <h1>wasmflow</h1>
      <form onSubmit={submit} aria-describedby={`${id}-help`}>
        <label htmlFor={`${id}-token`}>Access token</label>
        <input
          id={`${id}-token`}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <p id={`${id}-help`} className="muted">
          This server needs a token: create one with <code>wasmflow token create --scope read|run|admin</code>. It is
          kept for this tab only.
        </p>
        {refused === undefined ? null : (
          <p role="alert" className="error-text">
            {refused}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
