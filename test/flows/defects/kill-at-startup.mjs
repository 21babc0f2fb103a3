// Issue 9, defect 15: preloaded with NODE_OPTIONS="--import <this file>" into every node process
// of a run; a task process of the step named by MFTS_KILL_AT_STARTUP kills itself with SIGKILL
// before the task runtime is even loaded (a task killed while starting up).
const step = process.env.MFTS_KILL_AT_STARTUP;
const argv = process.argv.slice(2);
if (step !== undefined && argv[0] === "step" && argv[2] === step) process.kill(process.pid, "SIGKILL");
