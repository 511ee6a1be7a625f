#!/usr/bin/env bash
# Debian packages qxmap needs: QtWebEngine's libraries (offscreen and a real X
# window), Xvfb for running without a screen, and a CJK font for Qt widgets.
# As root: installs what is missing, showing what it downloads. As a normal
# user: prints a command that works as printed (with sudo, or with su).
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
  # the map page's Chinese text: Noto Sans CJK SC, the print layouts' font, from the
  # system's files (the page serves its own copy only where this is missing: a 16 MB
  # web font made the page process about 60 MB bigger at 200,000 roads named)
  fonts-noto-cjk
)

say() { echo "qxmap setup: $*"; }

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian system; install the equivalents of: ${PACKAGES[*]}" >&2
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

install_cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"

if [[ $(id -u) -ne 0 ]]; then
  say "${#missing[@]} Debian package(s) are missing: ${missing[*]}" >&2
  if command -v sudo >/dev/null 2>&1; then
    echo "Install them, then run this again:" >&2
    echo "  sudo sh -c '$install_cmd'" >&2
  else
    echo "Install them as root (this system has no sudo), then run this again:" >&2
    echo "  su -c '$install_cmd'" >&2
  fi
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Progress, not noise: apt's "Get:" lines say what is downloaded and how big;
# debconf's warnings about a minimal system's missing apt-utils are harmless.
quiet_filter() { grep --line-buffered -v -E "^debconf: |^(Reading|Building) |^Selecting previously|^Preparing to unpack|^\(Reading database" || true; }
say "updating Debian's package lists"
apt-get update -q 2>&1 | grep --line-buffered -E "^(Get|Hit|Err|W:|E:)" || true
say "installing ${#missing[@]} Debian package(s): ${missing[*]}"
set +e
apt-get install -y -q --no-install-recommends "${missing[@]}" 2>&1 | quiet_filter
rc=${PIPESTATUS[0]}
set -e
if [[ $rc -ne 0 ]]; then
  say "apt-get failed (exit $rc); try: $install_cmd" >&2
  exit "$rc"
fi
say "Debian packages in place"
