/**
 * @module eval/lib/walk-files
 * Files under a directory, depth first with names in sorted order, that
 * `keep` accepts (by name and size); unreadable entries are skipped. For the
 * Node-side tools that sample text from node_modules (the classifier's
 * training identifiers, the signature false-positive check).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function walkFiles(dir: string, keep: (name: string, size: number) => boolean, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) walkFiles(path, keep, out);
    else if (keep(name, st.size)) out.push(path);
  }
  return out;
}
