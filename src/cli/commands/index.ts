/**
 * Every command of the CLI, in the order `--help` lists them. A new command is a file in this
 * folder exporting a {@link RegisterCommand}, added here.
 * @module
 */
import type { RegisterCommand } from "../command-io.js";
import { registerRun, registerResume } from "./run.js";
import { registerCheck } from "./check.js";
import { registerShow } from "./show.js";
import { registerConfigs } from "./configs.js";
import { registerDump } from "./dump.js";
import { registerLogs } from "./logs.js";
import { registerRuns } from "./runs.js";
import { registerTag } from "./tag.js";
import { registerCard } from "./card.js";
import { registerGc } from "./gc.js";
import { registerEnvironment } from "./environment.js";
import { registerArgoWorkflows } from "./argo-workflows.js";
import { registerUi } from "./ui.js";
import { registerService } from "./service.js";
import { registerConfigure } from "./configure.js";
import { registerStep } from "./step.js";

/** The commands, registered in this order. */
export const commands: readonly RegisterCommand[] = [registerRun, registerResume, registerCheck, registerShow, registerConfigs, registerDump, registerLogs, registerRuns, registerTag, registerCard, registerGc, registerEnvironment, registerArgoWorkflows, registerUi, registerService, registerConfigure, registerStep];
