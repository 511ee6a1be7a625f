#!/usr/bin/env bash
# Debian packages qxmap needs: QtWebEngine's libraries (offscreen and a real X
# window), Xvfb for running without a screen, and a CJK font for Qt widgets.
# As root: installs what is missing. As a normal user: prints the apt command.
set -euo pipefail

PACKAGES=(
  # QtWebEngine, offscreen (see shared/notes/qt-webengine-headless.md)
  libasound2 libbrotli1 libdbus-1-3 libegl1 libexpat1 libfontconfig1
  libfreetype6 libgbm1 libgl1 libglib2.0-0 libgssapi-krb5-2 libnspr4 libnss3
  libx11-6 libxcb-dri3-0 libxcb1 libxcomposite1 libxdamage1 libxext6
  libxfixes3 libxkbcommon0 libxkbfile1 libxrandr2 libxtst6 libzstd1 zlib1g
  # a real window (xcb platform) and a virtual screen
  libx11-xcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
  libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth
  # Chinese text in Qt widgets (the app also registers its own bundled font)
  fonts-wqy-microhei
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "qxmap setup: not a Debian system; install the equivalents of: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  echo "qxmap setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "qxmap setup: these Debian packages are missing. Run as root:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
