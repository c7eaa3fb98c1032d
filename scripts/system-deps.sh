#!/usr/bin/env bash
# Installs the system packages hipcoach needs, only those missing.
# Debian/Ubuntu: apt-get (through sudo when not root). Elsewhere: prints what to install.
set -euo pipefail

packages=(
  python3-venv                                   # the project's virtual environment
  libegl1 libgl1 libfontconfig1 libdbus-1-3      # Qt itself
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libpulse0                                      # QtMultimedia
  libespeak-ng1 espeak-ng alsa-utils             # pyttsx3's speech engine
  fonts-dejavu-core                              # a font where the image has none
  xvfb xauth                                     # a real X screen for tests and screenshots
  pulseaudio pulseaudio-utils                    # a sound server with a null sink for tests
  poppler-utils                                  # pdftotext and pdftoppm read the report in tests
  dbus-daemon                                    # a private session bus for the D-Bus tests
  desktop-file-utils                             # desktop-file-validate checks the launcher
  systemd                                        # systemd-analyze checks the reminder's units
)

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "hipcoach: this is not a Debian or Ubuntu system; install the equivalents of:" >&2
  echo "  ${packages[*]}" >&2
  echo "then run make again." >&2
  # Not fatal: the Python part may still work where the libraries exist.
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  # python3-venv only matters when the interpreter cannot make a venv by itself.
  if [ "$p" = python3-venv ] && python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "hipcoach: installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "hipcoach: not root and no sudo; as root, run: apt-get install ${missing[*]}" >&2
  exit 1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
