/**
 * @module dashboard/views/context
 * What every view receives: its container, the route parameters, the app
 * selection and a way to tell whether it is still the current view (a slow
 * answer must not paint over the view the user has moved to).
 */

export interface ViewContext {
  root: HTMLElement;
  params: URLSearchParams;
  /** The selected app, or null for every app. */
  app: string | null;
  /** Configured apps (GET /apps). */
  apps: string[];
  /** Whether this render is still the one on screen. */
  live(): boolean;
  /** Runs when the view is left (charts, graphs, timers). */
  onCleanup(fn: () => void): void;
  /** Renders the current route again (after an action). */
  refresh(): void;
}

export interface View {
  title: string;
  /** Views about one app (inventory, graph, policies) pick the first app when none is selected. */
  needsApp: boolean;
  render(ctx: ViewContext): Promise<void>;
}
