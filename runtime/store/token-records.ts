import { type Statement, Statements } from "./statements.js";
import type { Store } from "./store.js";

export type TokenScope = "read" | "run" | "admin";

export interface TokenRow {
  readonly id: string;
  readonly name: string | null;
  readonly scope: TokenScope;
  /** sha256 of the whole token, hex. */
  readonly hash: string;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

/** SQL for the HTTP API's access tokens; the tokens part decides what they mean. */
export class TokenRecords {
  private readonly statements: Statements;

  constructor(store: Store) {
    this.statements = new Statements(store);
  }

  private sql(text: string): Statement {
    return this.statements.sql(text);
  }

  insert(row: Omit<TokenRow, "revoked_at">): void {
    this.sql(
      "INSERT INTO tokens (id, name, scope, hash, created_at) VALUES (@id, @name, @scope, @hash, @created_at)",
    ).run(row);
  }

  get(id: string): TokenRow | undefined {
    return this.sql("SELECT * FROM tokens WHERE id = ?").get(id) as TokenRow | undefined;
  }

  list(): TokenRow[] {
    return this.sql("SELECT * FROM tokens ORDER BY created_at, id").all() as TokenRow[];
  }

  /** How many tokens are not revoked. */
  active(): number {
    return (this.sql("SELECT COUNT(*) AS n FROM tokens WHERE revoked_at IS NULL").get() as { n: number }).n;
  }

  /** Revokes a token; false if there is none with that id or it was revoked already. */
  revoke(id: string, now: string): boolean {
    return this.sql("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id).changes === 1;
  }
}
