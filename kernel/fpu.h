/*
 * fpu.h - the x87/SSE register state of user programs.
 *
 * musl (like all x86-64 code) uses SSE registers for memcpy, printf and
 * floating point, so user mode needs SSE enabled and every task needs its
 * own copy of the registers: context_switch() saves the outgoing task's
 * state with FXSAVE and loads the incoming one's with FXRSTOR. The kernel
 * itself is built with -mno-sse and never touches them.
 */
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H

#include "kernel/types.h"

#define FXSAVE_SIZE 512

struct fpu_state {
	u8 fxsave[FXSAVE_SIZE];
} __aligned(16);

/* Turn on SSE for user mode (CR0.MP, CR4.OSFXSR/OSXMMEXCPT). */
void fpu_init(void);
/* A fresh state, as at execve: x87 control word 0x37f, MXCSR 0x1f80. */
void fpu_state_init(struct fpu_state *st);
void fpu_save(struct fpu_state *st);
void fpu_restore(const struct fpu_state *st);

#endif
