# user/user.mk - init and the shell: static musl programs, the first
# things in the initramfs. Included by the top Makefile, which packs
# INITRAMFS_FILES (DEST=SRC pairs) into the initramfs.
#
#   $(BUILD)/user/init  ->  /init     PID 1: runs /tests/*, prints KTAP
#                           (INIT_DEST, see below)
#   $(BUILD)/user/sh    ->  /bin/sh   the console shell
#
# Both are ordinary C and build and run on the host too:
#   make $(BUILD)/user/init && $(BUILD)/user/init --standalone DIR

USER_CC ?= musl-gcc
USER_CFLAGS := -std=gnu11 -static -no-pie -O2 -g -Wall -Wextra -Werror

# Where init lands: the kernel runs /init as PID 1, counts init's KTAP
# suite in its top-level plan and passes FAULTLINE_KTAP_INDEX.
INIT_DEST ?= /init

USER_PROGS := init sh
USER_BINS += $(USER_PROGS:%=$(BUILD)/user/%)
INITRAMFS_FILES += $(INIT_DEST)=$(BUILD)/user/init /bin/sh=$(BUILD)/user/sh

$(USER_PROGS:%=$(BUILD)/user/%): $(BUILD)/user/%: user/%.c user/user.mk
	@mkdir -p $(dir $@)
	$(quiet) MUSLCC $<
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@
