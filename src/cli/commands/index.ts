/**
 * Every command of the CLI, in the order `--help` lists them. A new command is a file in this
 * folder exporting a {@link RegisterCommand}, added here.
 * @module
 */
import type { RegisterCommand } from "../command-io.js";
import { registerCheck } from "./check.js";
import { registerConfigs } from "./configs.js";
import { registerResume, registerRun } from "./run.js";
import { registerShow } from "./show.js";
import { registerStep } from "./step.js";
import { registerDump } from "./dump.js";
import { registerLogs } from "./logs.js";
import { registerTag } from "./tag.js";
import { registerRuns } from "./runs.js";
import { registerGc } from "./gc.js";
import { registerService } from "./service.js";
import { registerEnvironment } from "./environment.js";

/** The commands, registered in this order. */
export const commands: readonly RegisterCommand[] = [registerRun, registerResume, registerCheck, registerShow, registerConfigs, registerDump, registerLogs, registerRuns, registerTag, registerGc, registerService, registerEnvironment, registerStep];
