/**
 * @module core/discovery/service-graph
 * Which client identities (for service-to-service traffic, the calling
 * services) call which endpoints, from an inventory: nodes for clients and
 * endpoints, edges with call counts. Built from each endpoint's top
 * clients, so it is exact for the heaviest callers and bounded in size;
 * `distinct` on each endpoint node says how many callers there were.
 */
import type { Inventory } from "./types.ts";

export interface ServiceGraphNode {
  id: string;
  kind: "client" | "endpoint";
  /** Requests: calls made (client) or received (endpoint). */
  count: number;
  /** Endpoint nodes: distinct callers (estimate). */
  distinct?: number;
}

export interface ServiceGraphEdge {
  client: string;
  /** `GET /api/users/{id}`. */
  endpoint: string;
  count: number;
}

export interface ServiceGraph {
  nodes: ServiceGraphNode[];
  edges: ServiceGraphEdge[];
}

export function serviceGraph(source: Inventory | { inventory(): Inventory }): ServiceGraph {
  const inv = "endpoints" in source ? source : source.inventory();
  const clients = new Map<string, number>();
  const nodes: ServiceGraphNode[] = [];
  const edges: ServiceGraphEdge[] = [];
  for (const e of inv.endpoints) {
    const endpoint = `${e.method} ${e.path}`;
    nodes.push({ id: endpoint, kind: "endpoint", count: e.count, distinct: e.clients.distinct });
    for (const c of e.clients.top) {
      edges.push({ client: c.identity, endpoint, count: c.count });
      clients.set(c.identity, (clients.get(c.identity) ?? 0) + c.count);
    }
  }
  const clientNodes: ServiceGraphNode[] = [...clients]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id, count]) => ({ id, kind: "client", count }));
  edges.sort((a, b) => b.count - a.count || (a.client < b.client ? -1 : 1));
  return { nodes: clientNodes.concat(nodes), edges };
}
