/**
 * @module policy/char-trie
 * A character trie of rule numbers, walked along a request string: forward
 * for path prefixes, backward for segment suffixes (`*.php`). A walk visits
 * at most min(text length, longest key) nodes, so a 10 KB path costs no more
 * than the longest prefix in the policy.
 */

interface Node {
  next: Map<number, Node>;
  rules: number[];
}

export class CharTrie {
  private readonly root: Node = { next: new Map(), rules: [] };
  private keys = 0;

  constructor(private readonly reverse: boolean) {}

  get size(): number {
    return this.keys;
  }

  add(key: string, rule: number): void {
    let node = this.root;
    for (let k = 0; k < key.length; k++) {
      const c = key.charCodeAt(this.reverse ? key.length - 1 - k : k);
      let next = node.next.get(c);
      if (!next) {
        next = { next: new Map(), rules: [] };
        node.next.set(c, next);
      }
      node = next;
    }
    if (node.rules.length === 0) this.keys++;
    node.rules.push(rule);
  }

  /** Calls `take` with the rules of every key that is a prefix (suffix, when reversed) of `text`. */
  collect(text: string, take: (rules: readonly number[]) => void): void {
    let node: Node | undefined = this.root;
    const n = text.length;
    for (let k = 0; node; k++) {
      if (node.rules.length) take(node.rules);
      if (k === n) return;
      node = node.next.get(text.charCodeAt(this.reverse ? n - 1 - k : k));
    }
  }
}
