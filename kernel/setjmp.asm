; setjmp.asm - setjmp/longjmp for the kernel (System V x86-64 ABI).
global setjmp, longjmp

section .text
bits 64
; int setjmp(jmp_buf env /* rdi */)
setjmp:
	mov [rdi + 0], rbx
	mov [rdi + 8], rbp
	mov [rdi + 16], r12
	mov [rdi + 24], r13
	mov [rdi + 32], r14
	mov [rdi + 40], r15
	lea rdx, [rsp + 8]		; rsp after our return
	mov [rdi + 48], rdx
	mov rdx, [rsp]			; our return address
	mov [rdi + 56], rdx
	xor eax, eax
	ret

; void longjmp(jmp_buf env /* rdi */, int val /* esi */)
longjmp:
	mov eax, esi
	test eax, eax
	jnz .nonzero
	inc eax				; setjmp must never appear to return 0
.nonzero:
	mov rbx, [rdi + 0]
	mov rbp, [rdi + 8]
	mov r12, [rdi + 16]
	mov r13, [rdi + 24]
	mov r14, [rdi + 32]
	mov r15, [rdi + 40]
	mov rsp, [rdi + 48]
	jmp [rdi + 56]

section .note.GNU-stack noalloc noexec nowrite progbits
