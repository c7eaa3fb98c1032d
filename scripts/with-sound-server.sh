#!/usr/bin/env bash
# Runs a command with a private PulseAudio server whose default sink is a null sink,
# so playback tests play into (and can record) a real sound server on any machine.
# The server never holds our stdout open and is stopped however the command ends.
set -uo pipefail

runtime=$(mktemp -d "${TMPDIR:-/tmp}/hipcoach-pulse.XXXXXX")
chmod 700 "$runtime"
export XDG_RUNTIME_DIR="$runtime"
export PULSE_RUNTIME_PATH="$runtime/pulse"
export PULSE_SERVER="unix:$runtime/native"
pid=""

cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$runtime"
}
trap cleanup EXIT INT TERM

if command -v pulseaudio >/dev/null 2>&1; then
  pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit -n \
    --load="module-native-protocol-unix socket=$runtime/native auth-anonymous=1" \
    --load="module-null-sink sink_name=hipcoach_null rate=48000" \
    --load="module-always-sink" \
    >"$runtime/pulse.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 100); do
    [ -S "$runtime/native" ] && break
    sleep 0.05
  done
  if [ -S "$runtime/native" ]; then
    export HIPCOACH_TEST_SINK=hipcoach_null
  else
    echo "with-sound-server: pulseaudio did not start; the sound tests will try to start their own:" >&2
    tail -n 5 "$runtime/pulse.log" >&2
  fi
else
  echo "with-sound-server: pulseaudio is not installed (make installs it); the sound tests will fail" >&2
fi

"$@"
