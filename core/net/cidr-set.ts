/**
 * @module core/net/cidr-set
 * A set of CIDR blocks with longest-prefix lookup, for trusted proxy ranges
 * and policy IP rules. Built once (compile time), queried per request: a
 * binary trie over the address bits stored in flat number arrays, so a lookup
 * walks at most 32 (IPv4) or 128 (IPv6) nodes and allocates nothing beyond
 * parsing the address. IPv4-mapped IPv6 addresses and blocks (`::ffff:0:0/96`
 * and longer) are stored and looked up as IPv4 (see core/net/ip).
 */
import { isV4Mapped, type ParsedCidr, type ParsedIp, parseCidr, parseIp, unmapCidr } from "./ip.ts";

const ROOT_V4 = 0;
const ROOT_V6 = 1;

export class CidrSet<T = true> {
  /** Children of node n at kids[2n] (bit 0) and kids[2n+1] (bit 1); 0 means none (root nodes are never children). */
  private readonly kids: number[] = [0, 0, 0, 0];
  /** 1 when node n terminates a stored block. */
  private readonly terminal: number[] = [0, 0];
  private readonly values: Array<T | undefined> = [undefined, undefined];
  private count = 0;

  /** Builds a set from CIDR strings; invalid entries throw, naming the entry (build time only). */
  constructor(cidrs: Iterable<string> = []) {
    for (const c of cidrs) {
      if (!this.add(c)) throw new Error(`invalid IP address or CIDR: ${JSON.stringify(c)}`);
    }
  }

  /** Number of distinct blocks stored. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds a block (or a bare address) with a value (default `true`); adding the
   * same block again replaces its value. Returns false, changing nothing, when
   * the text is not an address or CIDR.
   */
  add(cidr: string, value?: T): boolean {
    const parsed = parseCidr(cidr);
    if (parsed === null) return false;
    this.addParsed(parsed, value === undefined ? (true as T) : value);
    return true;
  }

  /** Adds an already parsed block. */
  addParsed(cidr: ParsedCidr, value: T): void {
    const { ip, prefix } = unmapCidr(cidr);
    let node = ip.version === 4 ? ROOT_V4 : ROOT_V6;
    const b = ip.bytes;
    for (let i = 0; i < prefix; i++) {
      const bit = (b[i >> 3]! >> (7 - (i & 7))) & 1;
      let next = this.kids[2 * node + bit]!;
      if (next === 0) {
        next = this.terminal.length;
        this.terminal.push(0);
        this.values.push(undefined);
        this.kids.push(0, 0);
        this.kids[2 * node + bit] = next;
      }
      node = next;
    }
    if (this.terminal[node] === 0) this.count++;
    this.terminal[node] = 1;
    this.values[node] = value;
  }

  /** Value of the longest block containing `ip`, or undefined (also for text that is not an address). */
  lookup(ip: string): T | undefined {
    const parsed = parseIp(ip);
    return parsed === null ? undefined : this.lookupParsed(parsed);
  }

  /** True when some block contains `ip`. */
  has(ip: string): boolean {
    const parsed = parseIp(ip);
    return parsed !== null && this.walk(parsed) >= 0;
  }

  /** `lookup` for an address parsed once and checked against several sets. */
  lookupParsed(ip: ParsedIp): T | undefined {
    const node = this.walk(ip);
    return node < 0 ? undefined : this.values[node];
  }

  /** `has` for an already parsed address. */
  hasParsed(ip: ParsedIp): boolean {
    return this.walk(ip) >= 0;
  }

  /** Calls `visit` with the value of every block containing `ip`, shortest prefix first. */
  forEachMatch(ip: ParsedIp, visit: (value: T, prefix: number) => void): void {
    this.walk(ip, visit);
  }

  /**
   * Walks the trie along the bits of `ip`, calling `visit` (when given) at every
   * stored block, and returns the deepest such node or -1. Allocation-free
   * except for the subarray view of an IPv4-mapped IPv6 address.
   */
  private walk(ip: ParsedIp, visit?: (value: T, prefix: number) => void): number {
    let b = ip.bytes;
    let bits = 128;
    let node = ROOT_V6;
    if (ip.version === 4 || isV4Mapped(ip)) {
      if (ip.version === 6) b = b.subarray(12, 16);
      bits = 32;
      node = ROOT_V4;
    }
    if (b.length * 8 < bits) return -1; // malformed ParsedIp built by hand: no match rather than a throw
    let best = -1;
    for (let i = 0; ; i++) {
      if (this.terminal[node] === 1) {
        best = node;
        if (visit) visit(this.values[node] as T, i);
      }
      if (i === bits) return best;
      const next = this.kids[2 * node + ((b[i >> 3]! >> (7 - (i & 7))) & 1)]!;
      if (next === 0) return best;
      node = next;
    }
  }
}
