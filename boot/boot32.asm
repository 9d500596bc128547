; boot32.asm - multiboot2 header and the 32-bit entry that gets to long mode.
;
; GRUB enters _start in 32-bit protected mode, paging off, with
;   eax = 0x36d76289 (multiboot2 magic), ebx = physical address of boot info.
; We clear .bss, build the early page tables, enable PAE + long mode + NX,
; turn paging on and far-jump to 64-bit code, which jumps to the higher half.
;
; Early page tables (all 2 MiB pages, the first 1 GiB of RAM mapped twice):
;
;   early_pml4[0]   -> early_pdpt_lo[0]  -> early_pd   identity, 0..1 GiB
;   early_pml4[511] -> early_pdpt_hi[510] -> early_pd  0xffffffff80000000..
;
; mm/ replaces them with the real kernel page tables (direct map, per-section
; permissions) and drops the identity half, so NULL faults from then on.
;
; This file holds exactly one code section (.boot.text): with several, gdb
; loses the DWARF line info for NASM objects.

%define KERNEL_VMA	0xffffffff80000000
%define MB2_MAGIC	0xe85250d6
%define MB2_ARCH_I386	0
%define MB2_BOOT_MAGIC	0x36d76289

%define PTE_P		(1 << 0)
%define PTE_RW		(1 << 1)
%define PTE_PS		(1 << 7)

%define CR0_PG		(1 << 31)
%define CR0_WP		(1 << 16)
%define CR4_PAE		(1 << 5)
%define MSR_EFER	0xc0000080
%define EFER_LME	(1 << 8)
%define EFER_NXE	(1 << 11)

extern early_pml4, early_pdpt_lo, early_pdpt_hi, early_pd
extern boot_stack_top, __bss_start, __bss_stop
extern startup_64
global _start
global boot_magic, boot_info_phys

section .multiboot
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	; end tag
	dw 0, 0
	dd 8
mb2_header_end:

section .boot.data
align 8
boot_magic:	dd 0
boot_info_phys:	dd 0

; Boot GDT: null, 64-bit code (0x08), data (0x10). kernel/gdt.c loads the
; full GDT (user segments, TSS) once we run in C.
align 16
gdt64:
	dq 0
	dq 0x00af9a000000ffff		; 0x08: code, long mode, DPL 0
	dq 0x00cf92000000ffff		; 0x10: data
gdt64_end:
gdt64_ptr:
	dw gdt64_end - gdt64 - 1
	dd gdt64

section .boot.text
bits 32
_start:
	cli
	cld
	mov [boot_magic], eax
	mov [boot_info_phys], ebx
	cmp eax, MB2_BOOT_MAGIC
	jne .hang

	; Long mode supported? (CPUID 0x80000001 EDX bit 29)
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .hang
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .hang

	; Clear .bss (the boot stack and early page tables live there).
	mov edi, __bss_start - KERNEL_VMA
	mov ecx, __bss_stop - KERNEL_VMA
	sub ecx, edi
	shr ecx, 2
	xor eax, eax
	rep stosd

	mov esp, boot_stack_top - KERNEL_VMA

	; early_pd: 512 x 2 MiB identity pages = the first 1 GiB.
	mov edi, early_pd - KERNEL_VMA
	mov eax, PTE_P | PTE_RW | PTE_PS
	mov ecx, 512
.fill_pd:
	mov [edi], eax
	mov dword [edi + 4], 0
	add eax, 0x200000
	add edi, 8
	loop .fill_pd

	mov eax, early_pd - KERNEL_VMA
	or eax, PTE_P | PTE_RW
	mov [early_pdpt_lo - KERNEL_VMA], eax
	mov [early_pdpt_hi - KERNEL_VMA + 510 * 8], eax

	mov eax, early_pdpt_lo - KERNEL_VMA
	or eax, PTE_P | PTE_RW
	mov [early_pml4 - KERNEL_VMA], eax
	mov eax, early_pdpt_hi - KERNEL_VMA
	or eax, PTE_P | PTE_RW
	mov [early_pml4 - KERNEL_VMA + 511 * 8], eax

	mov eax, early_pml4 - KERNEL_VMA
	mov cr3, eax

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax

	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME | EFER_NXE
	wrmsr

	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax

	lgdt [gdt64_ptr]
	jmp 0x08:.long_mode

.hang:
	; Not multiboot2 or no long mode: nothing to print with yet.
	hlt
	jmp .hang

bits 64
.long_mode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	mov rax, startup_64
	jmp rax

section .note.GNU-stack noalloc noexec nowrite progbits
