#!/bin/sh
# mkpart.sh OUT KIND - small partitioned disks made by sfdisk, with every
# swap partition formatted by mkswap. Deterministic: disk and partition
# ids are fixed, so the same KIND gives the same bytes.
#
#   mbr-primary  hd?1 swap (0x82) at 1 MiB
#   mbr-logical  hd?1 Linux, hd?2 extended holding hd?5 Linux, hd?6 swap
#   mbr-multi    hd?1 Linux, hd?2 Linux, hd?3 swap (swap not first)
#   gpt          hd?1 Linux filesystem, hd?2 Linux swap (GUID 0657FD6D-...)
#   mbr-noswap   hd?1 Linux: a disk without swap
#
# The kernel embeds these (scripts/img2c.py) for the partition and
# swaparea unit tests; boots in tests/boots.py attach them as disks.
set -e
out=$1 kind=$2
size=${SIZE:-8M}
SWAP_GUID=0657FD6D-A4AB-43C4-84E5-0933C84B4F4F
LINUX_GUID=0FC63DAF-8483-4772-8E79-3D69D8477DE4

table() {
	case $kind in
	mbr-primary)
		printf 'label: dos\nlabel-id: 0xfa170001\n'
		printf 'start=2048, type=82\n'
		swap_uuid=5a5a5a5a-0000-4000-8000-000000000001 ;;
	mbr-logical)
		printf 'label: dos\nlabel-id: 0xfa170002\n'
		printf 'start=2048, size=2048, type=83\n'
		printf 'start=4096, type=5\n'
		printf 'size=2048, type=83\n'
		printf 'type=82\n'
		swap_uuid=5a5a5a5a-0000-4000-8000-000000000002 ;;
	mbr-multi)
		printf 'label: dos\nlabel-id: 0xfa170003\n'
		printf 'start=2048, size=2048, type=83\n'
		printf 'size=2048, type=83\n'
		printf 'type=82\n'
		swap_uuid=5a5a5a5a-0000-4000-8000-000000000003 ;;
	gpt)
		printf 'label: gpt\nfirst-lba: 2048\n'
		printf 'label-id: FA170000-0000-4000-8000-000000000004\n'
		printf 'size=2048, type=%s, name=data, ' $LINUX_GUID
		printf 'uuid=FA170000-0000-4000-8000-000000000041\n'
		printf 'type=%s, name=swap, ' $SWAP_GUID
		printf 'uuid=FA170000-0000-4000-8000-000000000042\n'
		swap_uuid=5a5a5a5a-0000-4000-8000-000000000004 ;;
	mbr-noswap)
		printf 'label: dos\nlabel-id: 0xfa170005\n'
		printf 'start=2048, type=83\n' ;;
	*)
		echo "mkpart.sh: unknown kind $kind" >&2
		exit 1 ;;
	esac
}

# mkswap_part N: format partition N of $tmp as swap, in place.
mkswap_part() {
	set -- $(sfdisk -d "$tmp" | sed -n \
		"s/^[^ ]*[^0-9]$1 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p")
	truncate -s $(($2 * 512)) "$part"
	chmod 600 "$part"
	mkswap -L "fl-$kind" -U "$swap_uuid" "$part" >/dev/null 2>&1
	dd if="$part" of="$tmp" bs=512 seek="$1" conv=notrunc status=none
	rm -f "$part"
}

tmp=$out.tmp part=$out.part
rm -f "$tmp" "$part"
truncate -s "$size" "$tmp"
table >"$tmp.script"
sfdisk -q "$tmp" <"$tmp.script"
rm -f "$tmp.script"
swaps=$(sfdisk -d "$tmp" | sed -n \
	"s/^[^ ]*[^0-9]\([0-9][0-9]*\) : .*type=\(82\|$SWAP_GUID\).*/\1/p")
for n in $swaps; do
	mkswap_part "$n"
done
mv "$tmp" "$out"
