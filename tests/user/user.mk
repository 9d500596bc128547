# tests/user/user.mk - build the user-mode test programs.
#
# Included by the top Makefile (after its `all:` rule, so `all` stays the
# default goal). Each tests/user/X.c becomes:
#
#   $(BUILD)/user/X   static musl binary: what faultline's init runs, and
#                     what tests/host_user.py runs on the host as the oracle
#   $(BUILD)/host/X   the same source with the host gcc and glibc, built by
#                     `make host-user-tests` only: a second opinion that a
#                     test encodes Linux, not a musl quirk
#
# USER_TESTS lists the musl binaries; `all` builds them. Standalone:
# make -f tests/user/user.mk user-tests

BUILD ?= build
# Quiet like the top Makefile's rules when included; standalone, whole
# commands.
quiet ?= @true
USER_CC ?= musl-gcc
HOST_USER_CC ?= gcc
USER_TEST_CFLAGS := -std=gnu11 -static -no-pie -O2 -g -Wall -Wextra -Werror

USER_TEST_SRCS := $(sort $(wildcard tests/user/*.c))
USER_TEST_HDRS := $(wildcard tests/user/*.h)
USER_TESTS := $(USER_TEST_SRCS:tests/user/%.c=$(BUILD)/user/%)
HOST_USER_TESTS := $(USER_TEST_SRCS:tests/user/%.c=$(BUILD)/host/%)

.PHONY: user-tests host-user-tests
all: $(USER_TESTS)
user-tests: $(USER_TESTS)
host-user-tests: $(HOST_USER_TESTS)

# Static pattern rules: they apply to the tests only, so user/ programs
# (init, the shell) can have their own rules for $(BUILD)/user/ later.
$(USER_TESTS): $(BUILD)/user/%: tests/user/%.c $(USER_TEST_HDRS) \
		tests/user/user.mk
	@mkdir -p $(dir $@)
	$(quiet) MUSLCC $<
	$(Q)$(USER_CC) $(USER_TEST_CFLAGS) $< -o $@

$(HOST_USER_TESTS): $(BUILD)/host/%: tests/user/%.c $(USER_TEST_HDRS) \
		tests/user/user.mk
	@mkdir -p $(dir $@)
	$(HOST_USER_CC) $(USER_TEST_CFLAGS) $< -o $@
