/**
 * Small file-system questions shared by the datastore and the plugins.
 * @module
 */
import { promises as fs } from "node:fs";

/** Whether something (file, folder, link target) is at `p`; any error reading it counts as "no". */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
