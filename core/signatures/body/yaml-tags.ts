/**
 * @module core/signatures/body/yaml-tags
 * The lines of an uploaded text file that carry a YAML language tag
 * (`!!python/object/apply:os.system`, `!ruby/object:Gem::Installer`,
 * SnakeYAML's `!!javax.script.ScriptEngineManager`): a loader that honours
 * them builds the object, and calls what it names, as it reads the file (an
 * ML model's MLmodel, a Rails fixture, a Spring config). The rest of such a
 * file is data (a CI file's shell steps, a playbook's commands), so only
 * these lines are scanned as values; the value scanners judge the tag.
 */

/** Lines read per file. */
const MAX_LINES = 32;
/** Longest line read. */
const MAX_LINE = 512;

/** Lines of `text` holding a language tag (`!!` followed by a letter, or `!ruby/`), cut at MAX_LINE. */
export function languageTagLines(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < MAX_LINES) {
    const bang = text.indexOf("!", from);
    if (bang < 0) break;
    const next = text.charCodeAt(bang + 1);
    const tag = (next === 0x21 && /[a-z]/i.test(text.charAt(bang + 2))) || text.startsWith("ruby/", bang + 1);
    if (!tag) {
      from = bang + 1;
      continue;
    }
    const start = text.lastIndexOf("\n", bang) + 1;
    let end = text.indexOf("\n", bang);
    if (end < 0) end = text.length;
    out.push(text.slice(start, Math.min(end, start + MAX_LINE)));
    from = end + 1;
  }
  return out;
}
