#!/bin/sh
# mkswapimg.sh OUT SIZE - the swap disk: an MBR (written by sfdisk) with
# one Linux-swap partition (type 0x82) starting at 1 MiB, formatted by
# util-linux mkswap with a label and a fixed UUID. Fixed disk id too:
# the same SIZE always gives the same bytes.
set -e
out=$1 size=$2
tmp=$out.tmp
part=$out.part
rm -f "$tmp" "$part"
truncate -s "$size" "$tmp"
printf 'label: dos\nlabel-id: 0xfa175a5a\nstart=2048, type=82\n' | sfdisk -q "$tmp"
# Partition geometry as sfdisk wrote it: start and size in sectors.
set -- $(sfdisk -d "$tmp" | sed -n 's/.*start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p')
start=$1 sectors=$2
truncate -s $((sectors * 512)) "$part"
chmod 600 "$part"
# (mkswap warns about holes: a sparse file is fine, it is copied into the image)
mkswap -L faultline-swap -U 5a5a5a5a-0000-4000-8000-00000000f417 "$part" >/dev/null 2>&1
dd if="$part" of="$tmp" bs=512 seek="$start" conv=notrunc status=none
rm -f "$part"
mv "$tmp" "$out"
