#!/bin/sh
# Builds the CustomEnv example and proves a user's environment works with every dojo command:
# its tests (including the three user mistakes), `check-env`, `envs`, a short `train` with its
# preset, `eval --json` beating a random policy, and `watch --random` headless. Run by `make test`
# after Dojo's own tests; exits non-zero, loudly, at the first failure.
set -eu
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
fail() { echo "check.sh: FAILED: $*" >&2; exit 1; }
step() { echo "check.sh: $*"; }

step "building the example (its own .build; debug)"
# A .build left from before a Dojo source file moved or went names the missing file and stops
# (SwiftPM does not rescan a path dependency's sources): build once more from a clean .build.
"$SWIFT" build || { step "retrying from a clean .build"; rm -rf .build; "$SWIFT" build; } \
    || fail "swift build of Examples/CustomEnv"
bin="$("$SWIFT" build --show-bin-path)"
dojo="$bin/catch-dojo"

step "swift test (Catch and the user-mistake test doubles)"
"$SWIFT" test || fail "swift test of Examples/CustomEnv"

step "catch-dojo check-env Catch-v0"
"$dojo" check-env Catch-v0 || fail "check-env Catch-v0 did not pass"

step "catch-dojo envs lists Catch-v0 next to the built-ins"
envs="$("$dojo" envs --json)" || fail "envs"
echo "$envs" | grep -q '"id":"Catch-v0"' || fail "Catch-v0 missing from 'envs --json'"
echo "$envs" | grep -q '"id":"CartPole-v1"' || fail "built-in CartPole-v1 missing from 'envs --json'"

runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT INT TERM
step "catch-dojo train --preset presets/catch-dqn.yaml (into $runs)"
"$dojo" train --preset presets/catch-dqn.yaml --runs-dir "$runs" --run catch --quiet || fail "train"
for f in config.yaml metrics.csv model.safetensors curve.svg eval.json; do
    [ -s "$runs/catch/$f" ] || fail "train left no $f in the run folder"
done

step "catch-dojo eval --json"
report="$("$dojo" eval --run catch --runs-dir "$runs" --episodes 100 --json)" || fail "eval"
echo "  $report"
mean="$(echo "$report" | sed -n 's/.*"mean_return":\([-0-9.eE+]*\).*/\1/p')"
[ -n "$mean" ] || fail "no mean_return in: $report"
# A random paddle catches the ball exactly 1 time in 5 (its column is uniform and independent of
# where the paddle ends), so its mean return is 1/5 - 4/5 = -0.6; one episode's return has a
# standard deviation of 2*sqrt(0.2*0.8) = 0.8, so a 100-episode mean has 0.08. Requiring 0.5, 14
# of those above random, means the agent catches at least 3 balls in 4 (the preset reaches 1.0).
# CatchTests "a random paddle's mean return" measures the -0.6 over 20,000 episodes.
awk -v m="$mean" 'BEGIN { exit !(m >= 0.5) }' \
    || fail "trained mean return $mean does not clearly beat a random policy (-0.6); needs >= 0.5"
step "trained mean return $mean vs random -0.6: OK"

if [ -z "${DOJO_NO_VIZ:-}" ]; then
    step "catch-dojo watch --random --env Catch-v0 --episodes 1 (SDL_VIDEODRIVER=offscreen)"
    "$SWIFT" build --product dojo-viz || fail "swift build --product dojo-viz"
    SDL_VIDEODRIVER=offscreen "$dojo" watch --random --env Catch-v0 --episodes 1 --fps 1000 \
        || fail "watch --random --env Catch-v0"
fi
step "all passed"
