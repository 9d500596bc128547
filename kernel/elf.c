/*
 * elf.c - validate an ELF64 x86-64 executable before loading it.
 *
 * Checked, in order: identity (magic, class, byte order, version), type
 * (ET_EXEC, or ET_DYN = static-PIE, placed at ELF_ET_DYN_BASE), machine,
 * program-header table inside the file, no PT_INTERP (only static
 * programs), and for each PT_LOAD: file bytes inside the file, filesz <=
 * memsz, vaddr and offset congruent modulo the page size (so the file can
 * be mapped page by page), the whole segment inside user space, segments
 * in ascending non-overlapping order. The entry point must lie in an
 * executable PT_LOAD segment.
 */
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/string.h"

#define ELF_PAGE 4096UL

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

static int check_ident(const struct elf64_ehdr *eh, const char **why)
{
	if (memcmp(eh->e_ident, "\x7f" "ELF", 4))
		return refuse(why, "not an ELF file (bad magic)");
	if (eh->e_ident[4] != ELFCLASS64)
		return refuse(why, "not a 64-bit ELF file");
	if (eh->e_ident[5] != ELFDATA2LSB)
		return refuse(why, "not little-endian");
	if (eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return refuse(why, "unknown ELF version");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return refuse(why, "not an executable (e_type)");
	if (eh->e_machine != EM_X86_64)
		return refuse(why, "not an x86-64 program");
	return 0;
}

static int check_load(const struct elf64_phdr *ph, size_t len, u64 bias,
		      u64 user_min, u64 user_max, u64 *prev_end,
		      const char **why)
{
	u64 start = ph->p_vaddr + bias;
	u64 end = start + ph->p_memsz;

	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
		return refuse(why, "segment data past the end of the file");
	if (ph->p_filesz > ph->p_memsz)
		return refuse(why, "segment file size exceeds memory size");
	if ((ph->p_vaddr - ph->p_offset) % ELF_PAGE)
		return refuse(why, "segment vaddr and offset not congruent");
	if (end < start || start < user_min || end > user_max)
		return refuse(why, "segment outside user space");
	if (ALIGN_DOWN(start, ELF_PAGE) < *prev_end)
		return refuse(why, "segments overlap or are out of order");
	*prev_end = ALIGN_UP(end, ELF_PAGE);
	return 0;
}

static bool entry_in_text(const struct elf_info *in)
{
	for (int i = 0; i < in->phnum; i++) {
		const struct elf64_phdr *ph = &in->phdrs[i];
		u64 start = ph->p_vaddr + in->load_bias;
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) &&
		    in->entry >= start && in->entry < start + ph->p_memsz)
			return true;
	}
	return false;
}

/* Walk the program headers: loads, TLS, stack flags, AT_PHDR. */
static int scan_phdrs(struct elf_info *in, size_t len, u64 user_min,
		      u64 user_max, const char **why)
{
	u64 prev_end = 0;
	int loads = 0;

	in->lowest = ~0UL;
	for (int i = 0; i < in->phnum; i++) {
		const struct elf64_phdr *ph = &in->phdrs[i];
		if (ph->p_type == PT_INTERP)
			return refuse(why, "dynamically linked (PT_INTERP)");
		if (ph->p_type == PT_TLS)
			in->tls = ph;
		if (ph->p_type == PT_GNU_STACK)
			in->exec_stack = ph->p_flags & PF_X;
		if (ph->p_type != PT_LOAD)
			continue;
		int err = check_load(ph, len, in->load_bias, user_min,
				     user_max, &prev_end, why);
		if (err)
			return err;
		loads++;
		in->lowest = MIN(in->lowest, ph->p_vaddr + in->load_bias);
		in->highest = prev_end;
	}
	if (!loads)
		return refuse(why, "no loadable segment");
	return 0;
}

/* AT_PHDR: where the program sees its own headers (musl reads them to
 * find PT_TLS) - PT_PHDR if present, else the PT_LOAD that covers them. */
static u64 phdr_user_addr(const struct elf_info *in, u64 e_phoff)
{
	for (int i = 0; i < in->phnum; i++) {
		const struct elf64_phdr *ph = &in->phdrs[i];
		if (ph->p_type == PT_PHDR)
			return ph->p_vaddr + in->load_bias;
	}
	for (int i = 0; i < in->phnum; i++) {
		const struct elf64_phdr *ph = &in->phdrs[i];
		if (ph->p_type == PT_LOAD && e_phoff >= ph->p_offset &&
		    e_phoff < ph->p_offset + ph->p_filesz)
			return ph->p_vaddr + in->load_bias +
			       (e_phoff - ph->p_offset);
	}
	return 0;
}

int elf_parse(const u8 *buf, size_t len, u64 user_min, u64 user_max,
	      struct elf_info *in, const char **why)
{
	const struct elf64_ehdr *eh = (const void *)buf;

	memset(in, 0, sizeof(*in));
	if (len < sizeof(*eh))
		return refuse(why, "file too short for an ELF header");
	int err = check_ident(eh, why);
	if (err)
		return err;
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return refuse(why, "unexpected program header size");
	if (!eh->e_phnum || eh->e_phnum > ELF_MAX_PHDRS)
		return refuse(why, "bad program header count");
	if (eh->e_phoff > len ||
	    (u64)eh->e_phnum * sizeof(struct elf64_phdr) > len - eh->e_phoff ||
	    eh->e_phoff % 8)
		return refuse(why, "program headers past the end of the file");

	in->type = eh->e_type;
	in->load_bias = eh->e_type == ET_DYN ? ELF_ET_DYN_BASE : 0;
	in->phnum = eh->e_phnum;
	in->phentsize = eh->e_phentsize;
	in->phdrs = (const void *)(buf + eh->e_phoff);
	in->entry = eh->e_entry + in->load_bias;
	err = scan_phdrs(in, len, user_min, user_max, why);
	if (err)
		return err;
	if (!entry_in_text(in))
		return refuse(why, "entry point not in an executable segment");
	in->phdr_addr = phdr_user_addr(in, eh->e_phoff);
	return 0;
}
