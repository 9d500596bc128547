; head64.asm - first 64-bit code in the higher half.
;
; Runs on the early page tables with the identity map still present.
; Switches to the boot stack's virtual address and calls kmain(magic, info).
; The boot stack has an unmapped guard page below it once mm/ has built the
; real kernel page tables (mm_init unmaps boot_stack_guard).

%define KERNEL_VMA	0xffffffff80000000
%define BOOT_STACK_SIZE	(16 * 1024)

extern kmain, boot_magic, boot_info_phys
global startup_64
global early_pml4, early_pdpt_lo, early_pdpt_hi, early_pd
global boot_stack_guard, boot_stack_bottom, boot_stack_top

section .text
bits 64
startup_64:
	mov rsp, boot_stack_top
	xor rbp, rbp			; end of the frame-pointer chain
	mov edi, [boot_magic]	; still identity-mapped
	mov esi, [boot_info_phys]
	call kmain
.halt:
	cli
	hlt
	jmp .halt

section .bss
align 4096
early_pml4:	resb 4096
early_pdpt_lo:	resb 4096
early_pdpt_hi:	resb 4096
early_pd:	resb 4096
boot_stack_guard:	resb 4096	; unmapped by mm_init: overflow faults
boot_stack_bottom:	resb BOOT_STACK_SIZE
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
