import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { TokenPrompt } from "../components/token-prompt.js";
import { type Session, type TokenScope, WasmflowClient, WasmflowError } from "./wasmflow.js";

/** Kept for the tab's life only, never in a URL or local storage. */
const tokenKey = "wasmflow.token";

const rank: Readonly<Record<TokenScope, number>> = { read: 0, run: 1, admin: 2 };

export interface Connection {
  readonly client: WasmflowClient;
  readonly session: Session;
  /** Why an action needing `scope` is refused to this session, or undefined when it is allowed. */
  forbidden(scope: TokenScope): string | undefined;
  /** Forgets the token (and asks for one again where the server needs it). */
  signOut(): void;
}

const ConnectionContext = createContext<Connection | undefined>(undefined);

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (connection === undefined) throw new Error("useConnection outside ConnectionProvider");
  return connection;
}

type State =
  | { readonly kind: "checking" }
  | { readonly kind: "ready"; readonly session: Session }
  | { readonly kind: "needs-token"; readonly refused?: string }
  | { readonly kind: "unreachable"; readonly message: string };

/**
 * The client of this origin's server, with the session's token: asks the server what the token
 * may do (`GET /v1/session`), and prompts for a token when the server needs one.
 */
export function ConnectionProvider({ children }: { readonly children: ReactNode }) {
  const [token, setToken] = useState<string | undefined>(() => sessionStorage.getItem(tokenKey) ?? undefined);
  const [state, setState] = useState<State>({ kind: "checking" });
  const [attempt, setAttempt] = useState(0);
  const client = useMemo(
    () => new WasmflowClient({ url: window.location.origin, ...(token === undefined ? {} : { token }) }),
    [token],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks again after a failure.
  useEffect(() => {
    let live = true;
    setState({ kind: "checking" });
    client.session().then(
      (session) => live && setState({ kind: "ready", session }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof WasmflowError && error.code === "UNAUTHORIZED") {
          setState(token === undefined ? { kind: "needs-token" } : { kind: "needs-token", refused: error.message });
        } else {
          setState({ kind: "unreachable", message: error instanceof Error ? error.message : String(error) });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [client, attempt]);

  const signIn = useCallback((text: string) => {
    sessionStorage.setItem(tokenKey, text);
    setToken(text);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(tokenKey);
    setToken(undefined);
  }, []);

  const connection = useMemo<Connection | undefined>(() => {
    if (state.kind !== "ready") return undefined;
    const { session } = state;
    return {
      client,
      session,
      forbidden: (scope) =>
        rank[session.scope] >= rank[scope]
          ? undefined
          : `needs a token of scope ${scope}; this one has scope ${session.scope}`,
      signOut,
    };
  }, [state, client, signOut]);

  if (state.kind === "checking") return <p className="page-status">Connecting…</p>;
  if (state.kind === "needs-token") return <TokenPrompt refused={state.refused} onToken={signIn} />;
  if (state.kind === "unreachable" || connection === undefined) {
    return (
      <div className="page-status" role="alert">
        <p>The server did not answer: {state.kind === "unreachable" ? state.message : "unknown state"}</p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}
