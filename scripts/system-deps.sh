#!/usr/bin/env bash
# The Debian packages the tests run for real (never stand-ins, never a silent skip): installed
# here, in the set-up, where this user may (root, or password-less sudo); otherwise this step
# fails with the one command to run.
set -uo pipefail
packages=()
command -v redis-server >/dev/null || packages+=(redis-server)
command -v chromium >/dev/null || packages+=(chromium)
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "missing Debian packages: ${packages[*]}; install them with: sudo apt-get install -y ${packages[*]}"
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "missing packages: ${packages[*]} (no apt-get here: install them with the system's package manager)"
  exit 1
fi
echo "installing ${packages[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null; then
  "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null ||
    { echo "apt-get could not install ${packages[*]}: run sudo apt-get install -y ${packages[*]}"; exit 1; }
fi
