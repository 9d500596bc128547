// SPDX-License-Identifier: MIT
/*
 * mmap_file_maywrite - mprotect may not raise a mapping above its VM_MAY*
 * ceiling: a shared mapping of a file opened read-only can never become
 * writable (EACCES), while a private mapping of the same file can - it is
 * a copy-on-write mapping even while read-only, and writes to it never
 * reach the file.
 *
 * Pins down the "Do we need both VM_WRITE and VM_MAYWRITE?" confusion of
 * DESIGN.md and reference/linux-swap-in.md ("VM_MAY* are ceilings fixed at
 * mmap time: mprotect refuses to raise a permission above its VM_MAY* bit
 * (EACCES)"; "a private VMA with VM_MAYWRITE but not VM_SHARED is a COW
 * mapping even if it is currently read-only"). Anonymous mappings have
 * every VM_MAY* bit, so the EACCES case needs a file: this program maps
 * its own executable. It skips where it cannot open that file or where the
 * kernel has no file-backed mmap (ENODEV / ENOSYS).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "check.h"

static int open_self(const char *argv0)
{
	int fd = open(argv0, O_RDONLY);

	if (fd < 0)
		fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0)
		skip("cannot open this program's own file (%s) to map it",
		     strerror(errno));
	return fd;
}

int main(int argc, char **argv)
{
	unsigned char head[PAGE_SIZE];
	unsigned char *shared, *priv;
	int fd;

	(void)argc;
	fd = open_self(argv[0]);
	REQUIRE(pread(fd, head, sizeof(head), 0) == sizeof(head),
		"the first page of the file can be read");
	shared = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (shared == MAP_FAILED && (errno == ENODEV || errno == ENOSYS))
		skip("no file-backed mmap here (%s)", strerror(errno));
	REQUIRE(shared != MAP_FAILED,
		"a read-only shared mapping of a read-only file succeeds");
	CHECK(memcmp(shared, head, PAGE_SIZE) == 0,
	      "a file mapping shows the file's bytes");
	CHECK(memcmp(shared, "\177ELF", 4) == 0,
	      "this program's file starts with the ELF magic");

	CHECK_ERR(syscall(SYS_mprotect, shared, PAGE_SIZE,
			  PROT_READ | PROT_WRITE),
		  EACCES,
		  "mprotect cannot make a shared mapping of a "
		  "read-only file writable (no VM_MAYWRITE)");
	CHECK_ERR(syscall(SYS_mmap, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED, fd, 0),
		  EACCES,
		  "a writable shared mapping of a read-only file is "
		  "refused");
	CHECK_WRITE_DIES(shared, "a write to the read-only shared file "
				 "mapping dies");

	priv = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	REQUIRE(priv != MAP_FAILED,
		"a read-only private mapping of the file succeeds");
	CHECK_OK(mprotect(priv, PAGE_SIZE, PROT_READ | PROT_WRITE),
		 "mprotect can make a private file mapping writable (it has "
		 "VM_MAYWRITE: a COW mapping)");
	memset(priv, 0xee, 64);
	CHECK_BYTES(priv, 64, 0xee,
		    "the private mapping takes the write (its own copy)");
	CHECK(memcmp(priv + 64, head + 64, PAGE_SIZE - 64) == 0,
	      "the COW copy keeps the rest of the file's page");
	CHECK(memcmp(shared, head, PAGE_SIZE) == 0,
	      "the write to the private copy does not reach the shared "
	      "mapping");
	REQUIRE(pread(fd, head, 64, 0) == 64, "the file can be read again");
	CHECK(memcmp(head, "\177ELF", 4) == 0,
	      "the write to the private copy does not reach the file");
	munmap(shared, PAGE_SIZE);
	munmap(priv, PAGE_SIZE);
	close(fd);
	return check_status();
}
