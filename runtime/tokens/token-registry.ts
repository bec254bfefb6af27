import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { UsageError, WasmflowError } from "../errors/index.js";
import { StampedCache, type Store, TokenRecords, type TokenRow, type TokenScope } from "../store/index.js";

export type { TokenScope } from "../store/index.js";

/** The scopes, each allowing what the one before it does and more. */
export const tokenScopes: readonly TokenScope[] = ["read", "run", "admin"];

/** A token as listed: never its secret. */
export interface TokenInfo {
  readonly id: string;
  readonly name?: string;
  readonly scope: TokenScope;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** A token just made: `token` is its secret, shown this once and never stored. */
export interface CreatedToken extends TokenInfo {
  readonly token: string;
}

// `wft_<id>_<secret>`: the id finds the row (and names the token in lists); the secret, 32 random
// bytes, is what proves it. Only a hash of the whole text is stored.
const tokenPattern = /^wft_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * The HTTP API's access tokens. `read` sees; `run` also starts, cancels and resumes runs and runs
 * tasks; `admin` also registers and removes tasks and flows.
 */
export class TokenRegistry {
  private readonly records: TokenRecords;
  /** Whether any token is active, asked on every request: kept until a token changes, here or in another process. */
  private readonly active: StampedCache<boolean>;

  constructor(private readonly store: Store) {
    this.records = new TokenRecords(store);
    this.active = new StampedCache(store, "tokens");
  }

  create(options: { readonly scope: TokenScope; readonly name?: string }): CreatedToken {
    if (!tokenScopes.includes(options.scope)) {
      throw new UsageError(`a token's scope is ${tokenScopes.join(", ")}, not ${String(options.scope)}`);
    }
    const name = options.name;
    if (name !== undefined && (typeof name !== "string" || name.length === 0 || name.length > 100)) {
      throw new UsageError("a token's name is 1 to 100 characters");
    }
    const id = randomBytes(6).toString("hex");
    const token = `wft_${id}_${randomBytes(32).toString("base64url")}`;
    const row = {
      id,
      name: name ?? null,
      scope: options.scope,
      hash: hashOf(token),
      created_at: new Date().toISOString(),
    };
    this.store.bump("tokens");
    this.records.insert(row);
    return { ...infoOf({ ...row, revoked_at: null }), token };
  }

  list(): TokenInfo[] {
    return this.records.list().map(infoOf);
  }

  /** Whether any token is not revoked: then the API asks every request for one. */
  any(): boolean {
    return this.active.get("", () => this.records.active() > 0);
  }

  /** Revokes a token by its id; TOKEN_NOT_FOUND if there is none, or it was revoked already. */
  revoke(id: string): void {
    this.store.bump("tokens");
    if (!this.records.revoke(String(id), new Date().toISOString())) {
      throw new WasmflowError("TOKEN_NOT_FOUND", `there is no active token "${String(id).slice(0, 40)}"`, {
        details: { id: String(id).slice(0, 40) },
      });
    }
  }

  /** The token `text` is, if it is one and not revoked; compared in constant time. */
  verify(text: string): TokenInfo | undefined {
    const match = tokenPattern.exec(text);
    if (match === null) return undefined;
    const row = this.records.get(match[1] as string);
    if (row === undefined || row.revoked_at !== null) return undefined;
    const presented = Buffer.from(hashOf(text), "hex");
    const stored = Buffer.from(row.hash, "hex");
    return presented.length === stored.length && timingSafeEqual(presented, stored) ? infoOf(row) : undefined;
  }
}

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function infoOf(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    ...(row.name === null ? {} : { name: row.name }),
    scope: row.scope,
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}
