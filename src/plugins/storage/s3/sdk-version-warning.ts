/**
 * The AWS SDK prints a "NodeVersionSupportWarning" (its future versions need Node 22) once per
 * isolate that constructs a client. A run has one isolate per task thread plus the S3 reader's
 * helper thread, so on Node 20 one run printed it five times or more. The command's own (main
 * thread) warning says it once; threads are told not to repeat it, through the SDK's documented
 * switch `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED`.
 * @module
 */
import { isMainThread } from "node:worker_threads";

/** The SDK's switch for its Node-version warning. */
export const SDK_VERSION_WARNING_SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/** Before a client is constructed: off the main thread, the SDK's Node-version warning is not repeated. */
export function warnAboutNodeVersionOnce(): void {
  if (!isMainThread) process.env[SDK_VERSION_WARNING_SWITCH] ??= "true";
}
