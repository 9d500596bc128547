/*
 * fpu.c - enable SSE, and save/restore a task's x87/SSE registers.
 */
#include "kernel/fpu.h"
#include "kernel/string.h"
#include "kernel/x86.h"

#define X86_CR0_MP BIT(1) /* WAIT/FWAIT honour TS */
#define X86_CR0_EM BIT(2) /* emulate x87: must be off for SSE */
#define X86_CR0_TS BIT(3) /* task switched: would trap the next FPU use */
#define FXSAVE_FCW 0 /* x87 control word, offset in the FXSAVE image */
#define FXSAVE_MXCSR 24 /* SSE control/status, offset in the image */
#define FCW_DEFAULT 0x037f /* all x87 exceptions masked, 64-bit precision */
#define MXCSR_DEFAULT 0x1f80 /* all SSE exceptions masked */

void fpu_init(void)
{
	write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit");
}

void fpu_state_init(struct fpu_state *st)
{
	memset(st, 0, sizeof(*st));
	*(u16 *)&st->fxsave[FXSAVE_FCW] = FCW_DEFAULT;
	*(u32 *)&st->fxsave[FXSAVE_MXCSR] = MXCSR_DEFAULT;
}

void fpu_save(struct fpu_state *st)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*st));
}

void fpu_restore(const struct fpu_state *st)
{
	__asm__ __volatile__("fxrstor64 %0" ::"m"(*st));
}
