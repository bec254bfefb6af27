import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withErrorCodes } from "./error-codes-doc.js";

// Rewrites the README's generated sections; a test fails when they are stale.
const file = join(process.cwd(), "README.md");
writeFileSync(file, withErrorCodes(readFileSync(file, "utf8")));
console.log("wrote the error codes of README.md");
