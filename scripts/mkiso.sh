#!/bin/sh
# mkiso.sh KERNEL OUT.iso "CMDLINE" [MODULE...]
# Build a BIOS-bootable GRUB ISO that boots KERNEL with CMDLINE and the
# given multiboot2 modules (e.g. the initramfs). grub-mkrescue, real GRUB.
set -e
kernel=$1 out=$2 cmdline=$3
shift 3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/kernel.elf"
mods=""
for m in "$@"; do
	name=$(basename "$m")
	cp "$m" "$dir/boot/$name"
	mods="$mods	module2 /boot/$name $name
"
done
here=$(dirname "$0")
# Command line and modules go in literally; | cannot appear in either.
awk -v cmd="$cmdline" -v mods="$mods" '
	{ gsub(/@CMDLINE@/, cmd); if ($0 ~ /@MODULES@/) { printf "%s", mods; next } print }
' "$here/../boot/grub.cfg.in" > "$dir/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1 || {
	echo "mkiso: grub-mkrescue failed:" >&2
	grub-mkrescue -o "$out" "$dir"
	exit 1
}
