; switch.asm - the context switch and the first return of a new task.
;
; __switch_to_asm(u64 *prev_rsp /* rdi */, u64 next_rsp /* rsi */):
; push the callee-saved registers on prev's kernel stack, save rsp in
; prev->rsp, load next's, pop its registers, and `ret` into wherever next
; left off - inside its own call to __switch_to_asm, or, for a new task,
; ret_from_fork_asm (kernel/fork.c builds that first frame).

extern schedule_tail, kthread_finish, ret_from_trap
global __switch_to_asm, ret_from_fork_asm

section .text
bits 64
__switch_to_asm:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	mov rsp, rsi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

; A new task's first instructions. rbx = kernel-thread function or 0
; (a forked user task), r12 = its argument. The task's pt_regs lie just
; above the stack pointer.
ret_from_fork_asm:
	call schedule_tail
	test rbx, rbx
	jz .to_user
	mov rdi, r12
	call rbx
	mov edi, eax
	call kthread_finish		; returns only if the thread exec'd
					; a program: enter it like a fork child
.to_user:
	mov rdi, rsp
	call exit_to_user_mode
	jmp ret_from_trap

extern exit_to_user_mode
section .note.GNU-stack noalloc noexec nowrite progbits
