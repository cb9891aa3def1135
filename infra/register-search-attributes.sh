#!/usr/bin/env bash
#
# Registers the custom search attributes Distillery's workflows upsert: the same set, with the
# same types, as DistillSearchAttributes.ALL (workflows module). Workers also try this at startup.
# Safe to run any number of times: attributes that already exist are left alone.
#
# Needs the `temporal` CLI (it is in the temporalio/admin-tools image).
#
# Environment:
#   TEMPORAL_ADDRESS    host:port of the Temporal frontend   (default localhost:7233)
#   TEMPORAL_NAMESPACE  namespace to register them in          (default "default")
#   WAIT_ATTEMPTS       health-check attempts, 2 s apart       (default 60, i.e. ~2 min)
#
# Usage:
#   infra/register-search-attributes.sh
#   TEMPORAL_ADDRESS=temporal:7233 infra/register-search-attributes.sh
set -euo pipefail

ADDR="${TEMPORAL_ADDRESS:-localhost:7233}"
NS="${TEMPORAL_NAMESPACE:-default}"
WAIT_ATTEMPTS="${WAIT_ATTEMPTS:-60}"
SLEEP_SECONDS=2

# name:type, as in DistillSearchAttributes.ALL.
ATTRIBUTES=(
  DistillSweep:Keyword
  DistillExperiment:Keyword
  DistillRecipe:Keyword
  DistillStage:Keyword
  DistillStageKind:Keyword
  DistillAxis:KeywordList
)

log() { printf '[register-search-attributes] %s\n' "$*"; }

# Wraps the CLI so every call targets the same server.
t() { temporal "$@" --address "$ADDR"; }

# True when the frontend reports SERVING (a non-zero exit means it is unreachable).
healthy() {
  local out
  out=$(t operator cluster health 2>/dev/null) || return 1
  [[ "$out" == *SERVING* && "$out" != *NOT_SERVING* ]]
}

# 1. Wait for the frontend to answer (bounded: the stack may still be starting).
log "waiting for Temporal at ${ADDR} (up to $((WAIT_ATTEMPTS * SLEEP_SECONDS))s)"
attempt=1
until healthy; do
  if (( attempt >= WAIT_ATTEMPTS )); then
    log "ERROR: Temporal at ${ADDR} not healthy after ${attempt} attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep "$SLEEP_SECONDS"
done
log "Temporal is serving"

# 2. Wait for the namespace. temporalio/auto-setup registers "default" in the background
#    just after the server starts, so give it a short while before creating it ourselves
#    (needed for a non-default namespace, e.g. with `temporal server start-dev`).
ns_found=false
for ((i = 1; i <= 10; i++)); do
  if t operator namespace describe --namespace "$NS" >/dev/null 2>&1; then
    ns_found=true
    break
  fi
  sleep "$SLEEP_SECONDS"
done
if [[ "$ns_found" == false ]]; then
  log "namespace '${NS}' not found; creating it"
  if ! out=$(t operator namespace create --namespace "$NS" 2>&1); then
    if grep -qi 'already exists' <<<"$out"; then
      log "namespace '${NS}' was created concurrently"
    else
      log "ERROR: could not create namespace '${NS}': ${out}" >&2
      exit 1
    fi
  fi
fi

# 3. List the existing attributes. A freshly created namespace can take a few seconds
#    to reach the server's namespace cache, so retry (bounded).
existing=""
for ((i = 1; ; i++)); do
  if existing=$(t operator search-attribute list --namespace "$NS" 2>&1); then
    break
  fi
  if (( i >= WAIT_ATTEMPTS )); then
    log "ERROR: cannot list search attributes in '${NS}': ${existing}" >&2
    exit 1
  fi
  sleep "$SLEEP_SECONDS"
done

# 4. Create what is missing. `grep -w` keeps DistillStage from matching DistillStageKind.
created=0
skipped=0
for entry in "${ATTRIBUTES[@]}"; do
  name="${entry%%:*}"
  type="${entry#*:}"
  if grep -qw -- "$name" <<<"$existing"; then
    log "exists:  ${name}"
    skipped=$((skipped + 1))
    continue
  fi
  if out=$(t operator search-attribute create --namespace "$NS" --name "$name" --type "$type" 2>&1); then
    log "created: ${name} (${type})"
    created=$((created + 1))
  elif grep -qi 'already exists' <<<"$out"; then
    # Another run (or a concurrent worker deploy) won the race; that is success.
    log "exists:  ${name} (created concurrently)"
    skipped=$((skipped + 1))
  else
    log "ERROR: creating ${name} failed: ${out}" >&2
    exit 1
  fi
done

log "done: namespace '${NS}' at ${ADDR}: ${created} created, ${skipped} already present"
