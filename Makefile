# faultline - build, boot and test the kernel.
#
#   make            build build/kernel.elf, build/faultline.iso, build/swap.img
#   make run        boot it in QEMU, serial console on this terminal
#   make test       every test; last line "N passed, N failed, N skipped"
#   make debug      QEMU waits for GDB; GDB loads symbols and our helpers
#   make bench      instruction-count benchmarks under QEMU -icount
#
# Variables: CMDLINE='...' (kernel command line), CC=clang or
# CROSS_COMPILE=x86_64-elf- (toolchain), SWAP_SIZE=64M.

CROSS_COMPILE ?=
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
LD := $(CROSS_COMPILE)ld
NM := $(CROSS_COMPILE)nm
NASM ?= nasm
PYTHON ?= python3
QEMU ?= qemu-system-x86_64

BUILD ?= build

# Quiet build like Linux's: "  CC  file"; make V=1 shows whole commands.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-6s %s\n'
endif
CMDLINE ?=
SWAP_SIZE ?= 64M
# A directory whose files are added to the initramfs (make run EXTRA=dir).
EXTRA ?=

# The one QEMU machine: run, test and debug differ only in where the serial
# port and the GDB stub go (see ../shared/DESIGN.md).
QEMU_MACHINE := -machine pc -cpu max -m 128M -boot d -display none \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
QEMU_DISKS = -cdrom $(BUILD)/faultline.iso \
	-drive file=$(BUILD)/swap.img,format=raw,if=ide,index=0

# make run's kernel command line: init starts the shell after the tests
# when there is a terminal to type into (make run </dev/null just ends).
RUN_CMDLINE = $(if $(shell [ -t 0 ] && echo tty),shell) $(CMDLINE)

# Install missing tools first (Debian packages; says what it does).
ifeq ($(filter clean compile_commands.json,$(MAKECMDGOALS)),)
DEPS_STATUS := $(shell scripts/deps.sh >&2; echo $$?)
ifneq ($(DEPS_STATUS),0)
$(error scripts/deps.sh could not install the build tools)
endif
endif

CFLAGS := -std=gnu11 -Og -g -Wall -Wextra -Werror \
	-ffreestanding -fno-pic -fno-pie -mno-red-zone -mcmodel=kernel \
	-mno-sse -mno-sse2 -mno-mmx -mno-80387 -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-strict-aliasing -fno-common -I.
ifneq ($(findstring clang,$(CC)),)
CFLAGS += --target=x86_64-unknown-none-elf -Wno-gnu-variable-sized-type-not-at-end
endif
NASMFLAGS := -f elf64 -g -F dwarf
LDFLAGS := -nostdlib -static --build-id=none -z max-page-size=0x1000 \
	-z noexecstack -T linker.ld

KERNEL_C := $(sort $(wildcard kernel/*.c mm/*.c drivers/*.c tests/kernel/*.c))
KERNEL_ASM := $(sort $(wildcard boot/*.asm kernel/*.asm mm/*.asm))
KERNEL_OBJS := $(KERNEL_C:%.c=$(BUILD)/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/%.o)

# Small partitioned disks made by sfdisk and mkswap, compiled into the
# kernel (scripts/img2c.py) so the partition and swap-header tests run on
# real tool output without attaching disks.
MEMDISKS := mbr-primary mbr-logical mbr-multi gpt
MEMDISK_IMGS := $(MEMDISKS:%=$(BUILD)/memdisk/%.img)
KERNEL_OBJS += $(BUILD)/gen/memdisks.o

.PHONY: all run test debug debug-qemu bench docs clean FORCE
all: $(BUILD)/kernel.elf $(BUILD)/faultline.iso $(BUILD)/swap.img \
	compile_commands.json

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/memdisk/%.img: tests/images/mkpart.sh
	@mkdir -p $(dir $@)
	$(quiet) MKPART $@
	$(Q)tests/images/mkpart.sh $@ $*

$(BUILD)/gen/memdisks.c: $(MEMDISK_IMGS) scripts/img2c.py
	@mkdir -p $(dir $@)
	$(quiet) IMG2C $@
	$(Q)$(PYTHON) scripts/img2c.py $(MEMDISK_IMGS) > $@

$(BUILD)/gen/memdisks.o: $(BUILD)/gen/memdisks.c
	$(quiet) CC $<
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.asm
	@mkdir -p $(dir $@)
	$(quiet) NASM $<
	$(Q)$(NASM) $(NASMFLAGS) $< -o $@

# Two passes: link, list the text symbols (scripts/kallsyms.py), link
# again with that table so backtraces name functions. The table is rodata
# after all text, so no function moves; the cmp proves it.
$(BUILD)/kernel.elf: $(KERNEL_OBJS) linker.ld scripts/kallsyms.py
	$(quiet) LD $@
	$(Q)$(LD) $(LDFLAGS) -o $@.pass1 $(KERNEL_OBJS)
	$(Q)$(NM) -n $@.pass1 | $(PYTHON) scripts/kallsyms.py > $(BUILD)/kallsyms.c
	$(Q)$(CC) $(CFLAGS) -c $(BUILD)/kallsyms.c -o $(BUILD)/kallsyms.o
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/kallsyms.o
	@$(NM) -n $@.pass1 | grep ' [tT] ' > $@.syms1; \
	 $(NM) -n $@ | grep ' [tT] ' | cmp -s - $@.syms1 || \
	 { echo "kallsyms: text moved between link passes"; exit 1; }
	@grub-file --is-x86-multiboot2 $@ || \
		{ echo "kernel.elf: no multiboot2 header in the first 32 KiB"; exit 1; }

# User programs: static musl binaries (fragments define their lists).
# INITRAMFS_FILES holds DEST=SRC pairs: where each lands in the image.
USER_BINS :=
INITRAMFS_FILES :=
-include user/user.mk tests/user/user.mk user/demo.mk
# The demos land in /bin: make run CMDLINE='init=/bin/demo_seed'.
USER_BINS += $(DEMO_PROGS)
INITRAMFS_FILES += $(foreach d,$(DEMO_PROGS),/bin/$(notdir $(d))=$(d))
# The user-mode tests land in /tests, where init finds them.
USER_BINS += $(USER_TESTS)
INITRAMFS_FILES += $(foreach t,$(USER_TESTS),/tests/$(notdir $(t))=$(t))

# The initramfs is rebuilt every time (cheap) but only rewritten when its
# content changes.
$(BUILD)/initramfs.cpio: $(USER_BINS) scripts/mkinitramfs.py FORCE
	@mkdir -p $(BUILD)
	$(Q)$(PYTHON) scripts/mkinitramfs.py $@ $(INITRAMFS_FILES) \
		$(if $(EXTRA),--extra $(EXTRA))

# The ISO is rebuilt when the kernel, initramfs or command line changes.
$(BUILD)/cmdline.txt: FORCE
	@mkdir -p $(BUILD)
	@echo '$(RUN_CMDLINE)' | cmp -s - $@ || echo '$(RUN_CMDLINE)' > $@

$(BUILD)/faultline.iso: $(BUILD)/kernel.elf $(BUILD)/cmdline.txt \
		$(BUILD)/initramfs.cpio boot/grub.cfg.in scripts/mkiso.sh
	$(quiet) ISO $@
	$(Q)scripts/mkiso.sh $(BUILD)/kernel.elf $@ \
		"$$(cat $(BUILD)/cmdline.txt)" $(BUILD)/initramfs.cpio

$(BUILD)/swap.img: scripts/mkswapimg.sh
	$(quiet) SWAP $@
	$(Q)scripts/mkswapimg.sh $@ $(SWAP_SIZE)

compile_commands.json: Makefile
	@$(PYTHON) scripts/compdb.py "$(CC)" "$(CFLAGS)" $(KERNEL_C) > $@

# mon:stdio: Ctrl-A X quits, Ctrl-A C opens the QEMU monitor.
run: all
	@scripts/run-qemu.sh $(QEMU) $(QEMU_MACHINE) $(QEMU_DISKS) -serial mon:stdio

# The debug ISO adds panic=halt so a panic stays on screen for GDB.
$(BUILD)/debug.iso: $(BUILD)/kernel.elf $(BUILD)/cmdline.txt \
		$(BUILD)/initramfs.cpio scripts/mkiso.sh
	scripts/mkiso.sh $(BUILD)/kernel.elf $@ \
		"$$(cat $(BUILD)/cmdline.txt) panic=halt" $(BUILD)/initramfs.cpio

QEMU_DEBUG = $(QEMU) $(QEMU_MACHINE) -cdrom $(BUILD)/debug.iso \
	-drive file=$(BUILD)/swap.img,format=raw,if=ide,index=0

debug: all $(BUILD)/debug.iso
	@scripts/debug.sh gdb $(BUILD) $(QEMU_DEBUG)

debug-qemu: all $(BUILD)/debug.iso
	@scripts/debug.sh qemu $(BUILD) $(QEMU_DEBUG)

test: all
	@$(PYTHON) tests/run.py --build $(BUILD) --only "$(BOOTS)" \
		--qemu "$(QEMU) $(QEMU_MACHINE)" --cmdline "$(CMDLINE)"

# Benchmarks: guest instruction counts (-icount shift=0 makes rdtsc count
# instructions, so the numbers repeat exactly). Never asserted.
$(BUILD)/bench.iso: $(BUILD)/kernel.elf $(BUILD)/initramfs.cpio scripts/mkiso.sh
	$(Q)scripts/mkiso.sh $(BUILD)/kernel.elf $@ "ktest=bench" \
		$(BUILD)/initramfs.cpio

bench: all $(BUILD)/bench.iso
	@$(QEMU) $(QEMU_MACHINE) -icount shift=0 -cdrom $(BUILD)/bench.iso \
		-drive file=$(BUILD)/swap.img,format=raw,if=ide,index=0,snapshot=on \
		-serial stdio </dev/null | grep '# bench:' | sed 's/^ *# bench: //'

# The walkthrough's transcripts are real output: regenerate them.
docs: all
	@$(PYTHON) scripts/gen_docs.py $(BUILD) $(QEMU) $(QEMU_MACHINE)

clean:
	rm -rf $(BUILD) compile_commands.json

-include $(KERNEL_OBJS:.o=.d)
