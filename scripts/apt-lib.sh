# Shared by scripts/ensure-*.sh (sourced, not run): the "already there, else
# install with apt-get as root or through sudo" steps of an ensure script.
#
# apt_prepare NAME BINARY PACKAGE: exits 0 when BINARY is installed;
# otherwise sets SUDO ("" as root, else "sudo"; exits 1 naming the package
# when neither works) and runs `apt-get update`, ready for the install.
apt_prepare() {
  name=$1
  bin=$2
  pkg=$3
  if [ -x "$bin" ]; then
    echo "$(basename "$bin") present: $("$bin" --version 2>/dev/null || echo "$bin")"
    exit 0
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "$name: $bin is missing and this user cannot install it (run as root: apt-get install -y $pkg)" >&2
      exit 1
    fi
  fi
  echo "$name: installing Debian $pkg with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
}
