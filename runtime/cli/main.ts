#!/usr/bin/env node
import { installLastResort } from "./last-resort.js";
import { runCli } from "./program.js";

installLastResort(process.argv);
process.exitCode = await runCli(process.argv);
