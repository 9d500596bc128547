/*
 * elf.h - ELF64 executables: the structures and a validating parser.
 *
 * elf_parse() checks everything the loader will rely on before anything is
 * mapped, so a bad file is refused with -ENOEXEC and one reason.
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "kernel/types.h"

#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3 /* static-PIE */
#define EM_X86_64 62

#define PT_NULL 0
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_STACK 0x6474e551

#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

struct elf64_ehdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

#define ELF_MAX_PHDRS 32
/* Where a static-PIE (ET_DYN) executable is placed. */
#define ELF_ET_DYN_BASE 0x555555554000UL

struct elf_info {
	u16 type; /* ET_EXEC or ET_DYN */
	u64 load_bias; /* added to every vaddr: 0 for ET_EXEC */
	u64 entry; /* with the bias */
	u64 phdr_addr; /* user address of the program headers (AT_PHDR) */
	u16 phnum;
	u16 phentsize;
	const struct elf64_phdr *phdrs; /* inside the file buffer */
	u64 lowest; /* lowest and highest user address of any PT_LOAD */
	u64 highest;
	const struct elf64_phdr *tls; /* PT_TLS or NULL */
	bool exec_stack; /* PT_GNU_STACK asks for PF_X */
};

/* Validate an executable image and describe it. 0, or -ENOEXEC with *why
 * naming the first problem. user_min/user_max bound where it may load. */
int elf_parse(const u8 *buf, size_t len, u64 user_min, u64 user_max,
	      struct elf_info *info, const char **why);

#endif
