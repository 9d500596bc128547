#!/bin/sh
# run-qemu.sh QEMU-COMMAND... - boot faultline and turn QEMU's exit status
# into the kernel's (drivers/debug_exit.h): QEMU exits (code << 1) | 1.
#   status 1   -> 0     clean power-off
#   status 2n+1 -> n    init exited with status n
#   status 255 -> 255   kernel panic (said on the console)
#   status 0   -> 1     reset / triple fault (-no-reboot turns it into exit)
"$@"
st=$?
case $st in
0)	echo "faultline: the machine reset (triple fault?)" >&2; exit 1 ;;
255)	echo "faultline: kernel panic" >&2; exit 255 ;;
esac
if [ $((st % 2)) -eq 1 ]; then
	exit $((st >> 1))
fi
exit $st
