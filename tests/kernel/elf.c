/*
 * elf.c - the ELF validator accepts a well-formed static executable and
 * refuses each kind of malformed one with its own reason (-ENOEXEC).
 */
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"

#define USER_MIN 0x400000UL
#define USER_MAX 0x7ffffffff000UL

/* A file image: header, 3 program headers, then "text" at 0x1000. */
static u8 img[0x3000] __aligned(8);
static struct elf_info info;
static const char *why;

static struct elf64_ehdr *eh(void)
{
	return (struct elf64_ehdr *)img;
}

static struct elf64_phdr *ph(int i)
{
	return (struct elf64_phdr *)(img + sizeof(struct elf64_ehdr)) + i;
}

/* Like musl-gcc -static -no-pie: R (headers), R+X text, RW data+bss. */
static void build_exec(void)
{
	memset(img, 0, sizeof(img));
	memcpy(eh()->e_ident, "\x7f" "ELF", 4);
	eh()->e_ident[4] = ELFCLASS64;
	eh()->e_ident[5] = ELFDATA2LSB;
	eh()->e_ident[6] = EV_CURRENT;
	eh()->e_type = ET_EXEC;
	eh()->e_machine = EM_X86_64;
	eh()->e_version = EV_CURRENT;
	eh()->e_entry = 0x401000;
	eh()->e_phoff = sizeof(struct elf64_ehdr);
	eh()->e_phentsize = sizeof(struct elf64_phdr);
	eh()->e_phnum = 3;
	*ph(0) = (struct elf64_phdr){ PT_LOAD, PF_R, 0, 0x400000, 0x400000,
				       0x200, 0x200, 0x1000 };
	*ph(1) = (struct elf64_phdr){ PT_LOAD, PF_R | PF_X, 0x1000, 0x401000,
				       0x401000, 0x100, 0x100, 0x1000 };
	*ph(2) = (struct elf64_phdr){ PT_LOAD, PF_R | PF_W, 0x2000, 0x402000,
				       0x402000, 0x80, 0x3000, 0x1000 };
}

static int parse(void)
{
	return elf_parse(img, sizeof(img), USER_MIN, USER_MAX, &info, &why);
}

/* A well-formed static ET_EXEC is accepted and described correctly. */
static void accepts_static_executable(struct ktest *t)
{
	build_exec();
	KT_ASSERT_EQ(t, parse(), 0);
	KT_EXPECT_EQ(t, info.entry, 0x401000);
	KT_EXPECT_EQ(t, info.load_bias, 0);
	KT_EXPECT_EQ(t, info.phnum, 3);
	KT_EXPECT_EQ(t, info.lowest, 0x400000);
	KT_EXPECT_EQ(t, info.highest, 0x405000);
	/* AT_PHDR: the first PT_LOAD maps file offset 64 at 0x400040 */
	KT_EXPECT_EQ(t, info.phdr_addr, 0x400040);
}

/* A static-PIE (ET_DYN) is placed at ELF_ET_DYN_BASE. */
static void places_static_pie_at_base(struct ktest *t)
{
	build_exec();
	eh()->e_type = ET_DYN;
	eh()->e_entry = 0x1000;
	for (int i = 0; i < 3; i++)
		ph(i)->p_vaddr -= 0x400000;
	KT_ASSERT_EQ(t, parse(), 0);
	KT_EXPECT_EQ(t, info.entry, ELF_ET_DYN_BASE + 0x1000);
	KT_EXPECT_EQ(t, info.lowest, ELF_ET_DYN_BASE);
}

#define EXPECT_REFUSED(t, reason)                     \
	do {                                          \
		KT_EXPECT_EQ(t, parse(), -ENOEXEC);   \
		KT_EXPECT_STREQ(t, why, reason);      \
	} while (0)

/* Header-level damage: each refused with its own reason. */
static void refuses_bad_headers(struct ktest *t)
{
	build_exec();
	img[1] = 'X';
	EXPECT_REFUSED(t, "not an ELF file (bad magic)");
	build_exec();
	eh()->e_ident[4] = 1;
	EXPECT_REFUSED(t, "not a 64-bit ELF file");
	build_exec();
	eh()->e_machine = 3;
	EXPECT_REFUSED(t, "not an x86-64 program");
	build_exec();
	eh()->e_type = 1;
	EXPECT_REFUSED(t, "not an executable (e_type)");
	build_exec();
	eh()->e_phoff = sizeof(img) - 8;
	EXPECT_REFUSED(t, "program headers past the end of the file");
	build_exec();
	eh()->e_phnum = 0;
	EXPECT_REFUSED(t, "bad program header count");
}

/* Segment-level damage: each refused before anything would be mapped. */
static void refuses_bad_segments(struct ktest *t)
{
	build_exec();
	ph(2)->p_filesz = 0x10000;
	EXPECT_REFUSED(t, "segment data past the end of the file");
	build_exec();
	ph(2)->p_memsz = 0x10;
	EXPECT_REFUSED(t, "segment file size exceeds memory size");
	build_exec();
	ph(1)->p_vaddr += 0x10;
	EXPECT_REFUSED(t, "segment vaddr and offset not congruent");
	build_exec();
	ph(0)->p_vaddr = 0;
	EXPECT_REFUSED(t, "segment outside user space");
	build_exec();
	ph(2)->p_vaddr = 0xffff888000000000UL;
	EXPECT_REFUSED(t, "segment outside user space");
	build_exec();
	ph(2)->p_vaddr = 0x401000;
	EXPECT_REFUSED(t, "segments overlap or are out of order");
	build_exec();
	eh()->e_entry = 0x402000;
	EXPECT_REFUSED(t, "entry point not in an executable segment");
	build_exec();
	ph(0)->p_type = PT_INTERP;
	EXPECT_REFUSED(t, "dynamically linked (PT_INTERP)");
}

static const struct ktest_case elf_cases[] = {
	KTEST_CASE(accepts_static_executable),
	KTEST_CASE(places_static_pie_at_base),
	KTEST_CASE(refuses_bad_headers),
	KTEST_CASE(refuses_bad_segments),
	{}
};
static const struct ktest_suite elf_suite = {
	.name = "elf",
	.cases = elf_cases,
};
KTEST_SUITE(elf_suite, 1);
