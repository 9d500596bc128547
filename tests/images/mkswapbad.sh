#!/bin/sh
# mkswapbad.sh OUT KIND - a swap disk (scripts/mkswapimg.sh, 16 MiB) whose
# mkswap header is then changed to fail one check of swapon, or to list
# bad pages. KIND is the reason the kernel must give (swaptest.expect=):
#
#   badmagic   the SWAPSPACE2 signature overwritten
#   version    version 2
#   empty      last_page 0
#   toolarge   last_page one page beyond the partition
#   badpages   nr_badpages 638 (more than the 637 that fit)
#   badrange   one bad page listed, last_page + 1
#   goodbad    valid: bad pages 5, 6 and 100 (swaptest.badpages=5,6,100)
set -e
out=$1 kind=$2
here=$(dirname "$0")
"$here/../../scripts/mkswapimg.sh" "$out" 16M
# The header: page 0 of the partition, which starts at 1 MiB.
hdr=$((2048 * 512))
pages=$(((16 * 1024 * 1024 - hdr) / 4096))

# put32 BYTE-OFFSET VALUE: a little-endian u32 into the header.
put32() {
	v=$2
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((v & 255)) \
		$(((v >> 8) & 255)) $(((v >> 16) & 255)) $(((v >> 24) & 255)))" |
		dd of="$out" bs=1 seek=$((hdr + $1)) conv=notrunc status=none
}

VERSION=1024 LAST_PAGE=1028 NR_BADPAGES=1032 BADPAGES=1536 MAGIC=4086
case $kind in
badmagic)
	printf 'SWAPSPACE0' |
		dd of="$out" bs=1 seek=$((hdr + MAGIC)) conv=notrunc status=none ;;
version)	put32 $VERSION 2 ;;
empty)		put32 $LAST_PAGE 0 ;;
toolarge)	put32 $LAST_PAGE $pages ;;
badpages)	put32 $NR_BADPAGES 638 ;;
badrange)
	put32 $NR_BADPAGES 1
	put32 $BADPAGES $pages ;;
goodbad)
	put32 $NR_BADPAGES 3
	put32 $BADPAGES 5
	put32 $((BADPAGES + 4)) 6
	put32 $((BADPAGES + 8)) 100 ;;
*)
	echo "mkswapbad.sh: unknown kind $kind" >&2
	exit 1 ;;
esac
