#!/bin/sh
# Install the Debian packages faultline needs to build, boot and test.
# Called by make before anything else; does nothing when all tools exist.
# Only Debian packages, --no-install-recommends, apt-get update first.
set -e

# tool -> package that provides it
need="
nasm:nasm
grub-mkrescue:grub-common
grub-file:grub-common
xorriso:xorriso
mformat:mtools
qemu-system-x86_64:qemu-system-x86
sfdisk:fdisk
mkswap:util-linux
cpio:cpio
musl-gcc:musl-tools
gdb:gdb
python3:python3
"
missing=""
for pair in $need; do
	tool=${pair%%:*}
	pkg=${pair#*:}
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $pkg"
done
# grub-mkrescue needs the BIOS (i386-pc) modules to build a bootable ISO
[ -d /usr/lib/grub/i386-pc ] || missing="$missing grub-pc-bin"
# host-side test programs need a libc to link against
[ -f /usr/include/stdio.h ] || missing="$missing libc6-dev"

[ -z "$missing" ] && exit 0
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
echo "deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "deps: need root or sudo to install:$missing" >&2
		exit 1
	}
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $missing
