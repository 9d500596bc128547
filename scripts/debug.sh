#!/bin/sh
# debug.sh MODE BUILD QEMU-COMMAND...
#   MODE=gdb    GDB starts QEMU as its child (no ports, no races) and stops
#               before the first instruction; serial output goes to
#               BUILD/debug-serial.log (watch it with tail -f).
#   MODE=qemu   QEMU waits on tcp::1234 with the serial console on this
#               terminal; attach from another terminal with the command
#               printed below.
mode=$1 build=$2
shift 2
case $mode in
gdb)
	echo "debug: serial console -> $build/debug-serial.log (tail -f it)"
	exec gdb -q -x scripts/gdb/gdbinit -ex "file $build/kernel.elf" \
		-ex "target remote | exec $* -S -gdb stdio -serial file:$build/debug-serial.log"
	;;
qemu)
	echo "debug: QEMU waits for GDB on localhost:1234. In another terminal:"
	echo "  gdb -x scripts/gdb/gdbinit -ex 'file $build/kernel.elf' -ex 'target remote :1234'"
	exec "$@" -S -gdb tcp:127.0.0.1:1234 -serial mon:stdio
	;;
esac
