/*
 * exec.h - replacing a process's program (execve).
 */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "kernel/types.h"

#define MAX_ARG_STRINGS 64
#define MAX_ARG_BYTES 8192

/* argv and envp, copied into the kernel before the old image goes. */
struct exec_args {
	int argc, envc;
	size_t used; /* bytes of buf in use */
	char buf[MAX_ARG_BYTES]; /* argv strings, then envp strings */
};

/* Load path from the initramfs into a new address space and make it
 * current's program; regs become its first user registers. 0 or -errno
 * (on error current's old program is untouched). */
int do_execve(const char *path, struct exec_args *args);
/* Append one string (kernel memory). 0 or -E2BIG. */
int exec_args_add(struct exec_args *a, const char *s, bool env);

#endif
