/**
 * An exclusive lock between processes on one machine: a file created with O_EXCL that holds the
 * owner's pid. A lock whose owner has died is taken over, so a killed install never blocks later runs.
 * @module
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Takes the lock at `file` (waiting while another live process holds it), runs `fn`, releases it. */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const owner = `${os.hostname()} ${process.pid}`;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    try {
      await fs.writeFile(file, owner, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (await ownerIsGone(file)) {
        await fs.rm(file, { force: true });
        continue;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(file, { force: true });
  }
}

async function ownerIsGone(file: string): Promise<boolean> {
  const text = await fs.readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return false; // released meanwhile: try again
  const [host, pid] = text.split(" ");
  if (host !== os.hostname() || pid === undefined) return false; // another machine's (shared cache): cannot tell, wait
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}
