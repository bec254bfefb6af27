import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { StoreFullError, Wasmflow } from "../../runtime/index.js";
import { migrations, Store } from "../../runtime/store/index.js";
import { type CliResult, cliAsync } from "../helpers/cli.js";
import { spawnStoreChild } from "./fixtures/child.js";
import { canMount, fillDisk, mountSmallDisk, unmountSmallDisk } from "./fixtures/disk.js";
import {
  type Committed,
  committed,
  copyStore,
  databaseOf,
  flowFile,
  logSize,
  otherTaskFile,
  populate,
  root,
  taskFiles,
} from "./fixtures/home.js";
import { schemaOf } from "./fixtures/schema.js";
import { expectChildStoreError, expectCliStoreError, storeError } from "./fixtures/store-error.js";

// The store's faults, one by one, on real files and through real processes: each comes out with
// its code through the CLI (exit 1, one JSON document) and through the library, and once the
// fault is removed everything committed before it is still there.
//
//   damaged file      STORE_CORRUPT   empty, cut at a page boundary or mid-page, scrambled pages, a text file
//   full disk         STORE_FULL      a 4 MiB tmpfs, filled to the last byte or nearly
//   read-only home    STORE_READONLY  folder 555 and file 444, or the file alone
//   lock held         STORE_BUSY      another process in BEGIN EXCLUSIVE
//   new home, racing  (none)          8 processes opening one new home at once
//   migration killed  (none)          SIGKILL between two migration steps and inside one

let project: string;
let pristine: string;
let before: Committed;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "wf-store-faults-"));
  // mkdtemp makes the folder private to its owner; the read-only tests' other user must reach inside.
  chmodSync(project, 0o755);
  pristine = join(project, "pristine");
  before = await populate(pristine);
});

/** A copy of the populated store in a home of its own, under `under`. */
function copyOfStore(name: string, under = project): string {
  const home = join(under, name);
  copyStore(pristine, home);
  return home;
}

function cli(args: readonly string[], home: string, options: Parameters<typeof cliAsync>[1] = {}): Promise<CliResult> {
  return cliAsync([...args, "--json", "--home", home], { cwd: root, ...options });
}

describe("a damaged database file is STORE_CORRUPT, and is left as it is", () => {
  const pageSize = 4096;

  interface Fault {
    readonly name: string;
    readonly damage: (file: string) => void;
    /** The code of the error's first issue. */
    readonly issue: string;
    /** Seen as the store opens (the file itself), or only when a query reaches the damage. */
    readonly seen: "open" | "read";
  }

  const faults: readonly Fault[] = [
    { name: "an empty file", damage: (file) => truncateSync(file, 0), issue: "FILE_EMPTY", seen: "open" },
    {
      name: "a file cut at a page boundary",
      damage: (file) => truncateSync(file, Math.floor(readFileSync(file).length / pageSize / 2) * pageSize),
      issue: "FILE_TRUNCATED",
      seen: "open",
    },
    {
      name: "a file cut mid-page",
      damage: (file) => truncateSync(file, 3 * pageSize + 1000),
      issue: "FILE_TRUNCATED",
      seen: "open",
    },
    {
      name: "random bytes over every page but the schema's",
      damage: (file) => {
        // The schema's pages stay whole (the store opens), so the damage is found by the queries.
        const db = new Database(file, { readonly: true });
        const schemaPages = new Set(
          (db.prepare("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'").all() as { pageno: number }[]).map(
            (row) => row.pageno,
          ),
        );
        db.close();
        const bytes = readFileSync(file);
        const noise = seededBytes(bytes.length, 17);
        for (let page = 1; page * pageSize <= bytes.length; page++) {
          if (schemaPages.has(page)) continue;
          noise.copy(bytes, (page - 1) * pageSize, (page - 1) * pageSize, page * pageSize);
        }
        writeFileSync(file, bytes);
      },
      issue: "SQLITE_CORRUPT",
      seen: "read",
    },
    {
      name: "a text file",
      damage: (file) => writeFileSync(file, "these are notes, not a database\n".repeat(200)),
      issue: "NOT_A_DATABASE",
      seen: "open",
    },
  ];

  test.each(faults)("$name", async (fault) => {
    const slug = fault.name.replace(/\W+/g, "-");
    const home = copyOfStore(`damaged-${slug}`);
    const file = databaseOf(home);
    fault.damage(file);
    const damaged = readFileSync(file);
    const runId = before.runs[0]?.id ?? "";
    const backup = join(project, `backup-of-${slug}.db`);

    // Damage found at open stops every command alike; damage found by a query is shown on one
    // command per place a store call passes: reads, the registry's cached lookup, writes, a flow
    // run's commits, run details, check and backup. The library covers the others.
    const commands: string[][] =
      fault.seen === "open"
        ? [
            ["task", "list"],
            ["task", "add", otherTaskFile],
          ]
        : [
            ["task", "list"],
            ["task", "run", "word-count", "--input", '{"text": "a b"}'],
            ["task", "add", otherTaskFile],
            ["flow", "run", "score-text"],
            ["runs", "show", runId],
            ["store", "check"],
            ["store", "backup", backup],
          ];
    const results = await Promise.all(commands.map((args) => cli(args, home)));
    // What SQLite's own check reports for scrambled pages varies with the bytes; everywhere
    // else the first issue says what is wrong with the file.
    const firstIssue = (args: readonly string[]) =>
      fault.seen === "read" && args.join(" ") === "store check" ? expect.any(String) : fault.issue;
    expect(results.map((result, i) => summary(commands[i] ?? [], result))).toEqual(
      commands.map((args) => ({
        command: args.join(" "),
        exit: 1,
        stderr: "",
        code: "STORE_CORRUPT",
        issue: firstIssue(args),
        path: file,
        stack: false,
      })),
    );

    if (fault.seen === "open") {
      expect(() => Wasmflow.open({ home, root })).toThrow(storeError("STORE_CORRUPT"));
    } else {
      const wf = Wasmflow.open({ home, root });
      try {
        expect(() => wf.tasks.list()).toThrow(storeError("STORE_CORRUPT"));
        expect(() => wf.tasks.get("word-count")).toThrow(storeError("STORE_CORRUPT"));
        expect(() => wf.tasks.remove("score")).toThrow(storeError("STORE_CORRUPT"));
        expect(() => wf.flows.list()).toThrow(storeError("STORE_CORRUPT"));
        expect(() => wf.flows.get("score-text")).toThrow(storeError("STORE_CORRUPT"));
        expect(() => wf.runs.list({ limit: 10 })).toThrow(storeError("STORE_CORRUPT"));
        expect(() => wf.runs.show(runId)).toThrow(storeError("STORE_CORRUPT"));
        await expect(wf.run("word-count", { text: "a b" })).rejects.toThrow(storeError("STORE_CORRUPT"));
        await expect(wf.addTasks([otherTaskFile])).rejects.toThrow(storeError("STORE_CORRUPT"));
        await expect(wf.addFlow(flowFile)).rejects.toThrow(storeError("STORE_CORRUPT"));
        await expect(wf.runFlow("score-text")).rejects.toThrow(storeError("STORE_CORRUPT"));
        await expect(wf.store.backup(backup)).rejects.toThrow(storeError("STORE_CORRUPT"));
        const report = wf.store.check();
        expect({ ok: report.ok, found: report.issues.length > 0 }).toEqual({ ok: false, found: true });
      } finally {
        await wf.close();
      }
    }

    // Untouched: neither replaced by a fresh store nor written to.
    expect(readFileSync(file).equals(damaged)).toBe(true);
    expect(logSize(home)).toBe(0);
    // Restoring the backup (the file as it was) brings back everything committed.
    copyStore(pristine, home);
    expect(await committed(home)).toEqual(before);
  });

  test("a home without a database file gets a fresh store; a -wal log that outlived its database is STORE_CORRUPT", async () => {
    const home = join(project, "orphan-log");
    Store.open({ home }).close();
    expect(schemaOf(home).version).toBe(migrations.length);
    writeFileSync(`${databaseOf(home)}-wal`, seededBytes(pageSize, 3));
    rmSync(databaseOf(home));
    expect(() => Wasmflow.open({ home, root })).toThrow(storeError("STORE_CORRUPT"));
    expect(() => Wasmflow.open({ home, root })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: "FILE_MISSING" })] }),
    );
  });
});

describe.runIf(canMount)("a full disk is STORE_FULL, and the write that met it is rolled back", () => {
  const profileTaskFile = join(root, "tasks/profile/profile.task.json");
  let disk: string | undefined;

  beforeAll(() => {
    disk = mountSmallDisk(4096);
  });

  afterAll(() => {
    if (disk !== undefined) unmountSmallDisk(disk);
  });

  test("full to the last byte: even opening the store is STORE_FULL; freeing space loses nothing", async () => {
    const home = copyOfStore("full", disk);
    const fill = fillDisk(disk ?? "");
    try {
      // SQLite cannot make the shared-memory file it needs to read a WAL database.
      const results = await Promise.all([cli(["task", "list"], home), cli(["flow", "run", "score-text"], home)]);
      for (const result of results) expectCliStoreError(result, "STORE_FULL", databaseOf(home));
      expect(() => Wasmflow.open({ home, root })).toThrow(storeError("STORE_FULL"));
    } finally {
      rmSync(fill);
    }
    expect(await committed(home)).toEqual(before);
  });

  test("room to read but not to write: reads work, the write is STORE_FULL", async () => {
    const home = copyOfStore("nearly-full", disk);
    // 40 KiB: SQLite's shared-memory file takes 32 of them, a 28 KiB module does not fit in the rest.
    const fill = fillDisk(disk ?? "", 40 * 1024);
    try {
      const list = await cli(["task", "list"], home);
      expect({ code: list.code, tasks: (list.json() as { tasks: unknown[] }).tasks.length }).toEqual({
        code: 0,
        tasks: before.tasks.length,
      });
      expectCliStoreError(await cli(["task", "add", profileTaskFile], home), "STORE_FULL", databaseOf(home));

      const wf = Wasmflow.open({ home, root });
      try {
        expect(wf.tasks.list()).toHaveLength(before.tasks.length);
        await expect(wf.addTasks([profileTaskFile])).rejects.toThrow(storeError("STORE_FULL"));
      } finally {
        await wf.close();
      }
    } finally {
      rmSync(fill);
    }
    expect(await committed(home)).toEqual(before);
  });

  test("a flow run the disk fills under: its result rejects with STORE_FULL, the process goes on, and the run resumes once there is room", async () => {
    const home = copyOfStore("filling", disk);
    const wf = Wasmflow.open({ home, root, pool: { threads: 1 } });
    let fill: string | undefined;
    try {
      // The run's first commit is made; the disk fills before its next.
      const run = await wf.startFlow("score-text", undefined, {
        onEvent: (event) => {
          if (event.type === "run-started") fill = fillDisk(disk ?? "");
        },
      });
      const error = await run.result.catch((thrown: unknown) => thrown);
      expect(error).toEqual(storeError("STORE_FULL"));
      expect(error).toBeInstanceOf(StoreFullError);
      expect(wf.runs.show(run.id).status).toBe("interrupted");

      if (fill !== undefined) rmSync(fill);
      fill = undefined;
      const [resumed] = wf.resumeRuns([run.id]);
      expect(await resumed?.result).toMatchObject({ id: run.id, status: "succeeded", output: before.runs[0]?.output });
    } finally {
      if (fill !== undefined) rmSync(fill);
      await wf.close();
    }
    const after = await committed(home);
    expect(after.tasks).toEqual(before.tasks);
    expect(after.runs).toEqual(expect.arrayContaining([...before.runs]));
    expect(after.runs).toHaveLength(before.runs.length + 1);
  });
});

describe("a read-only home is STORE_READONLY", () => {
  // Permission bits do not stop root, and CI runs the suite as root: there the commands run as
  // `nobody` (uid 65534) on a home root owns, and the kernel refuses them as it would refuse any
  // user on someone else's store. Run by anyone else, they run as that user, whom chmod stops.
  const asRoot = process.getuid?.() === 0;
  const other = asRoot ? { uid: 65534, gid: 65534 } : {};

  test("a read-only folder (555) and file (444): reads too, since SQLite must create its -wal and -shm beside the database", async () => {
    const home = copyOfStore("read-only-folder");
    chmodSync(databaseOf(home), 0o444);
    chmodSync(home, 0o555);
    try {
      expectCliStoreError(await cli(["task", "list"], home, other), "STORE_READONLY", databaseOf(home));
      const child = await spawnStoreChild({ home, root, ops: ["listTasks"] }, other).exit;
      expectChildStoreError(child.lines[0], "open", "STORE_READONLY");
    } finally {
      chmodSync(home, 0o755);
      chmodSync(databaseOf(home), 0o644);
    }
    expect(await committed(home)).toEqual(before);
  });

  test("a read-only file (444) in a folder the user may write: reads work, writes are STORE_READONLY", async () => {
    const home = copyOfStore("read-only-file");
    chmodSync(databaseOf(home), 0o444);
    if (asRoot) chownSync(home, 65534, 65534);
    try {
      const [list, add] = await Promise.all([
        cli(["task", "list"], home, other),
        cli(["task", "add", otherTaskFile], home, other),
      ]);
      expect({ code: list?.code, tasks: (list?.json() as { tasks: unknown[] } | undefined)?.tasks.length }).toEqual({
        code: 0,
        tasks: before.tasks.length,
      });
      if (add !== undefined) expectCliStoreError(add, "STORE_READONLY", databaseOf(home));
      const child = await spawnStoreChild({ home, root, files: [otherTaskFile], ops: ["listTasks", "addTasks"] }, other)
        .exit;
      expect(child.lines[0]).toMatchObject({ op: "listTasks", ok: true });
      expectChildStoreError(child.lines[1], "addTasks", "STORE_READONLY");
    } finally {
      if (asRoot) chownSync(home, 0, 0);
      chmodSync(databaseOf(home), 0o644);
    }
    // The other user's -wal and -shm stay behind, read-only like the file, and empty of writes.
    expect(logSize(home)).toBe(0);
    for (const suffix of ["-wal", "-shm"]) rmSync(`${databaseOf(home)}${suffix}`, { force: true });
    expect(await committed(home)).toEqual(before);
  });
});

describe("a write lock held by another process is STORE_BUSY", () => {
  test("past the busy timeout, writes are STORE_BUSY and reads work; once the lock goes, the write succeeds", async () => {
    const home = copyOfStore("locked");
    const holder = spawnStoreChild({ mode: "hold-lock", home });
    try {
      await holder.line((line) => line.held === true);
      // A short wait keeps the test short; the default is 5 s.
      const env = { WASMFLOW_BUSY_TIMEOUT_MS: "300" };
      const [list, ...writes] = await Promise.all([
        cli(["task", "list"], home, { env }),
        cli(["task", "add", otherTaskFile], home, { env }),
        cli(["flow", "run", "score-text"], home, { env }),
      ]);
      expect({ code: list?.code, tasks: (list?.json() as { tasks: unknown[] } | undefined)?.tasks.length }).toEqual({
        code: 0,
        tasks: before.tasks.length,
      });
      for (const result of writes) {
        expectCliStoreError(result, "STORE_BUSY", databaseOf(home));
        expect(result.json()).toMatchObject({ error: { details: { timeoutMs: 300 } } });
      }
      const wf = Wasmflow.open({ home, root, busyTimeoutMs: 100 });
      try {
        expect(wf.tasks.list()).toHaveLength(before.tasks.length);
        await expect(wf.addTasks([otherTaskFile])).rejects.toThrow(storeError("STORE_BUSY"));
      } finally {
        await wf.close();
      }
    } finally {
      holder.kill();
      await holder.exit;
    }

    const wf = Wasmflow.open({ home, root });
    try {
      expect(await wf.addTasks([otherTaskFile])).toMatchObject([{ status: "created", task: { name: "add" } }]);
    } finally {
      await wf.close();
    }
    const after = await committed(home);
    expect(after.tasks).toEqual(expect.arrayContaining([...before.tasks]));
    expect(after.tasks).toHaveLength(before.tasks.length + 1);
    expect(after.runs).toEqual(before.runs);
  });

  test("a busy timeout that is not a whole number of milliseconds is a usage error", () => {
    expect(() => Wasmflow.open({ home: ":memory:", busyTimeoutMs: -1 })).toThrow(
      expect.objectContaining({ code: "USAGE" }),
    );
    const saved = process.env.WASMFLOW_BUSY_TIMEOUT_MS;
    process.env.WASMFLOW_BUSY_TIMEOUT_MS = "soon";
    try {
      expect(() => Wasmflow.open({ home: ":memory:" })).toThrow(expect.objectContaining({ code: "USAGE" }));
    } finally {
      if (saved === undefined) delete process.env.WASMFLOW_BUSY_TIMEOUT_MS;
      else process.env.WASMFLOW_BUSY_TIMEOUT_MS = saved;
    }
  });
});

describe("a new home opened by many processes at once", () => {
  /** The schema a store opened by one process alone has. */
  const referenceSchema = () => {
    const home = join(project, `reference-${Math.random().toString(36).slice(2)}`);
    Store.open({ home }).close();
    return schemaOf(home);
  };

  test("eight processes opening it at once all succeed, with one schema", async () => {
    const home = join(project, "racing-opens");
    const children = Array.from({ length: 8 }, () => spawnStoreChild({ mode: "open", home, barrier: true }));
    // Every child has loaded the store before any opens it, so the opens really race.
    await Promise.all(children.map((child) => child.line((line) => line.ready === true)));
    for (const child of children) child.send("go");
    const exits = await Promise.all(children.map((child) => child.exit));
    expect(exits.map(({ code, stderr, lines }) => ({ code, stderr, lines }))).toEqual(
      exits.map(() => ({ code: 0, stderr: "", lines: [{ ready: true }, { opened: true }] })),
    );
    expect(schemaOf(home)).toEqual(referenceSchema());
  });

  test("four `task add` commands on it at once all succeed, and register the task once", async () => {
    const home = join(project, "racing-adds");
    const results = await Promise.all(
      Array.from({ length: 4 }, () => cli(["task", "add", ...taskFiles.slice(0, 1)], home)),
    );
    expect(results.map((result) => ({ code: result.code, stderr: result.stderr }))).toEqual(
      results.map(() => ({ code: 0, stderr: "" })),
    );
    const statuses = results.map((result) => (result.json() as { tasks: { status: string }[] }).tasks[0]?.status);
    expect(statuses.sort()).toEqual(["created", "unchanged", "unchanged", "unchanged"]);
    expect(schemaOf(home)).toEqual(referenceSchema());
  });
});

describe("a migration killed part way", () => {
  /** Kills a `migrate` child (SIGKILL) once it is at `version`/`stage`. */
  async function killMigrationAt(home: string, version: number, stage: "applied" | "committed"): Promise<void> {
    const child = spawnStoreChild({ mode: "migrate", home, pause: { version, stage } });
    await child.line((line) => line.paused === version);
    child.kill("SIGKILL");
    expect((await child.exit).signal).toBe("SIGKILL");
  }

  test("between two steps or inside one, leaves a whole schema and the data under it; the next open finishes it", async () => {
    const home = join(project, "migration");
    await killMigrationAt(home, 1, "committed");
    const first = schemaOf(home);
    expect(first.version).toBe(1);
    expect(first.objects.filter((name) => !name.includes("sqlite_autoindex"))).toEqual([
      "index tasks_by_identity",
      "table modules",
      "table tasks",
    ]);

    // A task committed under the first step's schema: the rows its registration made in the populated store.
    const from = new Database(databaseOf(pristine), { readonly: true });
    const to = new Database(databaseOf(home));
    try {
      const task = from.prepare("SELECT * FROM tasks WHERE name = 'word-count'").get() as Record<string, unknown>;
      const module = from.prepare("SELECT * FROM modules WHERE hash = ?").get(task.module_hash) as Record<
        string,
        unknown
      >;
      for (const [table, row] of [
        ["modules", module],
        ["tasks", task],
      ] as const) {
        const columns = Object.keys(row);
        to.prepare(
          `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
        ).run(row);
      }
    } finally {
      from.close();
      to.close();
    }

    await killMigrationAt(home, 2, "applied");
    expect(schemaOf(home)).toEqual(first);

    const list = await cli(["task", "list"], home);
    expect({ code: list.code, json: list.json() }).toMatchObject({
      code: 0,
      json: { tasks: [{ name: "word-count", revision: 1 }] },
    });
    expect(schemaOf(home).version).toBe(migrations.length);
  });
});

describe("wasmflow store check and store backup", () => {
  test("a whole store passes its check (exit 0), --quick included", async () => {
    const [full, quick] = await Promise.all([
      cli(["store", "check"], pristine),
      cli(["store", "check", "--quick"], pristine),
    ]);
    expect({ code: full.code, json: full.json() }).toMatchObject({
      code: 0,
      json: { check: { ok: true, quick: false, issues: [], hashed: { modules: 3, tasks: 3, flows: 1, runs: 1 } } },
    });
    expect({ code: quick.code, json: quick.json() }).toMatchObject({
      code: 0,
      json: { check: { ok: true, quick: true } },
    });
  });

  test("values damaged where SQLite cannot see it are STORE_CORRUPT, with every problem; a damaged module is never run", async () => {
    const home = copyOfStore("swapped-values");
    // Valid pages, wrong contents: word-count's module holds slugify's bytes; a definition gained a space.
    const db = new Database(databaseOf(home));
    const hashOf = (task: string) =>
      (db.prepare("SELECT module_hash FROM tasks WHERE name = ?").get(task) as { module_hash: string }).module_hash;
    const wordCount = hashOf("word-count");
    db.prepare(
      "UPDATE modules SET (bytes, size) = (SELECT bytes, size FROM modules WHERE hash = ?) WHERE hash = ?",
    ).run(hashOf("slugify"), wordCount);
    db.prepare("UPDATE tasks SET definition = definition || ' ' WHERE name = 'score'").run();
    db.close();

    const issues = [
      { code: "MODULE_HASH", path: `modules/${wordCount}` },
      { code: "DEFINITION_HASH", path: "tasks/score@1" },
    ];
    const check = await cli(["store", "check"], home);
    expectCliStoreError(check, "STORE_CORRUPT", databaseOf(home));
    expect(check.json()).toMatchObject({ error: { issues } });

    const wf = Wasmflow.open({ home, root });
    try {
      expect(wf.store.check()).toMatchObject({ ok: false, issues });
      await expect(wf.run("word-count", { text: "a b" })).rejects.toThrow(storeError("STORE_CORRUPT"));
    } finally {
      await wf.close();
    }
  });

  test("a backup, taken while another process holds the write lock, opens as a store with everything", async () => {
    const file = join(project, "online-backup.db");
    const holder = spawnStoreChild({ mode: "hold-lock", home: pristine });
    let result: CliResult;
    try {
      await holder.line((line) => line.held === true);
      result = await cli(["store", "backup", file], pristine);
    } finally {
      holder.kill();
      await holder.exit;
    }
    expect({ code: result.code, stderr: result.stderr, json: result.json() }).toMatchObject({
      code: 0,
      stderr: "",
      json: { backup: { from: databaseOf(pristine), file } },
    });
    // Restoring is putting the backup in place of the database.
    const restored = join(project, "restored");
    mkdirSync(restored);
    writeFileSync(databaseOf(restored), readFileSync(file));
    expect(await committed(restored)).toEqual(before);
  });

  test("a backup replaces a file only with --force", async () => {
    const file = join(project, "taken.db");
    writeFileSync(file, "an earlier backup");
    const refused = await cli(["store", "backup", file], pristine);
    expect({ code: refused.code, json: refused.json() }).toMatchObject({ code: 2, json: { error: { code: "USAGE" } } });
    expect(readFileSync(file, "utf8")).toBe("an earlier backup");
    const forced = await cli(["store", "backup", file, "--force"], pristine);
    expect(forced.code).toBe(0);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe("SQLite format 3");
  });

  test("a backup of a large store reports its progress on stderr, and only without --json", async () => {
    const home = copyOfStore("large");
    // 3 MiB of module: several steps of the copy.
    const wf = Wasmflow.open({ home, root });
    const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
    wf.store.write(() =>
      wf.store.db
        .prepare("INSERT INTO modules (hash, bytes, size, created_at) VALUES (?, ?, ?, ?)")
        .run(createHash("sha256").update(bytes).digest("hex"), bytes, bytes.length, new Date().toISOString()),
    );
    await wf.close();
    const [human, json] = await Promise.all([
      cliAsync(["store", "backup", join(project, "large.db"), "--home", home], { cwd: root }),
      cli(["store", "backup", join(project, "large-json.db")], home),
    ]);
    expect(human.code).toBe(0);
    const lines = human.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatch(/^backup: \d+% \(\d+ of \d+ pages\)$/);
    expect(lines.at(-1)).toMatch(/^backup: 100% \((\d+) of \1 pages\)$/);
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: "" });
  });
});

/** The same bytes on every run: a seeded generator (mulberry32). */
function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    bytes[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return bytes;
}

/** What a test compares of a CLI run that should have failed with a store error. */
function summary(args: readonly string[], result: CliResult): Record<string, unknown> {
  let error: { code?: string; message?: string; issues?: { code: string }[]; details?: { path?: string } } = {};
  try {
    error = (result.json() as { error?: typeof error }).error ?? {};
  } catch {
    // Not one JSON document: the comparison shows what was printed instead.
    error = { message: result.stdout };
  }
  return {
    command: args.join(" "),
    exit: result.code,
    stderr: result.stderr,
    code: error.code,
    issue: error.issues?.[0]?.code,
    path: error.details?.path,
    stack: /\n\s+at /.test(error.message ?? ""),
  };
}
