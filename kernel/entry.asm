; entry.asm - interrupt and exception entry stubs.
;
; Every vector 0..47 has a stub that makes the stack look the same,
; pushes the vector number and jumps to the common path, which saves all
; general registers (forming struct pt_regs, kernel/traps.h) and calls
; trap_dispatch(regs). On return the registers are restored from pt_regs,
; so a handler may change them (the exception fixup rewrites rip).
;
;   higher addresses
;     ss, rsp, rflags, cs, rip     pushed by the CPU
;     error code                   by the CPU, or 0 by the stub
;     vector                       by the stub
;     rdi ... r15                  by isr_common   <- rsp = struct pt_regs *
;   lower addresses

extern trap_dispatch
global isr_stub_table
global ret_from_trap

; Push the general registers in struct pt_regs order (r15 ends lowest).
%macro SAVE_REGS 0
	push rdi
	push rsi
	push rdx
	push rcx
	push rax
	push r8
	push r9
	push r10
	push r11
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
%endmacro

%macro ISR_NOERR 1
isr%1:
	push 0
	push %1
	jmp isr_common
%endmacro

%macro ISR_ERR 1
isr%1:
	push %1
	jmp isr_common
%endmacro

section .text
bits 64

isr_common:
	SAVE_REGS
	cld
	mov rdi, rsp
	; Link a frame so backtraces walk through the trap into the
	; interrupted code: [rbp] = interrupted rbp, [rbp+8] = its rip.
	push qword [rsp + 17 * 8]	; regs->rip
	push rbp
	mov rbp, rsp
	call trap_dispatch
	add rsp, 16
ret_from_trap:
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	pop r11
	pop r10
	pop r9
	pop r8
	pop rax
	pop rcx
	pop rdx
	pop rsi
	pop rdi
	add rsp, 16			; vector, error code
	iretq

; CPU exceptions: 8, 10-14, 17, 21, 29, 30 push an error code.
ISR_NOERR 0
ISR_NOERR 1
ISR_NOERR 2
ISR_NOERR 3
ISR_NOERR 4
ISR_NOERR 5
ISR_NOERR 6
ISR_NOERR 7
ISR_ERR   8
ISR_NOERR 9
ISR_ERR   10
ISR_ERR   11
ISR_ERR   12
ISR_ERR   13
ISR_ERR   14
ISR_NOERR 15
ISR_NOERR 16
ISR_ERR   17
ISR_NOERR 18
ISR_NOERR 19
ISR_NOERR 20
ISR_ERR   21
ISR_NOERR 22
ISR_NOERR 23
ISR_NOERR 24
ISR_NOERR 25
ISR_NOERR 26
ISR_NOERR 27
ISR_NOERR 28
ISR_ERR   29
ISR_ERR   30
ISR_NOERR 31
; Hardware IRQs from the remapped PICs: vectors 32..47.
%assign i 32
%rep 16
ISR_NOERR i
%assign i i+1
%endrep

section .rodata
align 8
isr_stub_table:
%assign i 0
%rep 48
	dq isr %+ i
%assign i i+1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits

; ---------------------------------------------------------------------
; entry_SYSCALL_64 - the `syscall` instruction lands here (MSR_LSTAR).
;
; The CPU has put the user rip in rcx and rflags in r11, loaded the
; kernel CS/SS from MSR_STAR and cleared IF/DF/TF/AC (MSR_SYSCALL_MASK),
; but left rsp on the USER stack. One CPU, so a global holds the kernel
; stack top of the current task (kernel/sched.c keeps it equal to
; tss.rsp0). We build the same struct pt_regs an interrupt from user
; mode would (vector = SYSCALL_VECTOR, error_code = the syscall number),
; call do_syscall_64, and leave through ret_from_trap's iretq - which
; returns to any canonical address safely (sysret is never used, so its
; non-canonical-rcx pitfall cannot happen).
; ---------------------------------------------------------------------
%define SYSCALL_VECTOR 0x80
%define USER_DS (0x18 | 3)
%define USER_CS (0x20 | 3)
extern do_syscall_64, syscall_kernel_rsp
global entry_SYSCALL_64

section .bss
syscall_user_rsp: resq 1

section .text
entry_SYSCALL_64:
	mov [syscall_user_rsp], rsp
	mov rsp, [syscall_kernel_rsp]
	push USER_DS			; ss
	push qword [syscall_user_rsp]	; rsp
	push r11			; rflags
	push USER_CS			; cs
	push rcx			; rip
	push rax			; error_code slot: the syscall number
	push SYSCALL_VECTOR		; vector slot
	SAVE_REGS
	mov rdi, rsp
	xor rbp, rbp			; backtraces stop here
	call do_syscall_64
	jmp ret_from_trap
