# user/demo.mk - the demo programs: the scenarios of ../shared/DESIGN.md
# as programs a student runs (and scripts/gdb/walkthrough.gdb steps
# through). Each user/demo_X.c becomes $(BUILD)/user/demo_X, a static musl
# binary that also runs on the host Linux; DEMO_PROGS lists them. The top
# Makefile puts them in the initramfs as /bin/demo_X.
#
# Standalone: make -f user/demo.mk demos

BUILD ?= build
USER_CC ?= musl-gcc
# Quiet like the top Makefile's rules when included; standalone, whole
# commands.
quiet ?= @true
DEMO_CFLAGS := -std=gnu11 -static -no-pie -O2 -g -Wall -Wextra -Werror

DEMO_SRCS := $(sort $(wildcard user/demo_*.c))
DEMO_PROGS := $(DEMO_SRCS:user/%.c=$(BUILD)/user/%)

.PHONY: demos
all: $(DEMO_PROGS)
demos: $(DEMO_PROGS)

$(DEMO_PROGS): $(BUILD)/user/%: user/%.c user/demo.h user/demo.mk
	@mkdir -p $(dir $@)
	$(quiet) MUSLCC $<
	$(Q)$(USER_CC) $(DEMO_CFLAGS) $< -o $@
