#!/usr/bin/env bash
# Stage attribution by code, not by profiler: builds the worker once per variant from a throwaway
# worktree of HEAD with bench/ablate-stages.patch applied (each variant stubs one stage out:
# bare = resolve the app and proxy, nothing else; nosig = no signatures or features; nopol = no
# policy or rate limits; norl = no rate-limit counting; nohits = no rule-hit counts; nolog = no
# access record; noobs = no behaviour or anomaly observation; nosamples = no learning samples;
# noflush = nothing sent; lean = the decision only (no record, observation, samples, hits, rate
# counting or sends); lean+log = that plus the access record and its sends; cutA … cutF = lean,
# ending the pipeline after canonicalization (A), the body (B), the endpoint (C), the policy (D),
# the mitigations and allow-list (E), the signatures (F); tsall = the TypeScript reference instead
# of Wasm), then measures them beside the passthrough with bench/ab.ts. Run `npm run build` first.
# The patch follows the pipeline's code: when it no longer applies, re-make it by hand.
#
#   bash bench/ablate-stages.sh [rounds] [seconds]        VARIANTS="full bare" to choose
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
git -C "$root" worktree add --detach "$work/src" HEAD >/dev/null
trap 'git -C "$root" worktree remove --force "$work/src"; rm -rf "$work"' EXIT
cd "$work/src"
ln -s "$root/node_modules" node_modules
cp -r "$root/wasm/build" wasm/
cp -r "$root/dashboard/dist" dashboard/
git apply "$root/bench/ablate-stages.patch"
dirs=()
for v in ${VARIANTS:-full bare nosig nopol nolog noobs}; do
  sed -i "s/^export const ABLATE: string = \".*\";/export const ABLATE: string = \"$v\";/" core/pipeline/request-pipeline.ts
  WRANGLER_SEND_METRICS=false node_modules/.bin/wrangler deploy --dry-run --outdir "$work/$v" >/dev/null
  dirs+=("$work/$v")
done
cd "$root"
npx tsx bench/ab.ts "$(IFS=,; echo "${dirs[*]}")" "${1:-5}" "${2:-8}"
