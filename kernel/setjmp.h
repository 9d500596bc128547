/* setjmp.h - save/restore callee-saved registers (the test framework aborts
 * a failed ASSERT by jumping back to the runner). */
#ifndef KERNEL_SETJMP_H
#define KERNEL_SETJMP_H

#include "kernel/types.h"

/* rbx, rbp, r12, r13, r14, r15, rsp, rip */
typedef u64 jmp_buf[8];

int setjmp(jmp_buf env) __attribute__((returns_twice));
__noreturn void longjmp(jmp_buf env, int val);

#endif
