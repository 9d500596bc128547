#!/bin/sh
# mklba48.sh OUT - a 200 GiB sparse disk, beyond LBA28's 128 GiB, with
# no partition table and a marker string at sector 300000000 (past the
# 28-bit limit) for the ata suite's lba48_reaches_past_28bit_limit.
# Sparse: it takes a few KiB of real space.
set -e
out=$1
rm -f "$out"
truncate -s 200G "$out"
printf 'faultline lba48 marker' |
	dd of="$out" bs=512 seek=300000000 conv=notrunc status=none
