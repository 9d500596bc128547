// SPDX-License-Identifier: MIT
/*
 * syscall_bad_pointer_efault - a system call given a user pointer it may
 * not use (NULL, an unmapped page, the kernel half, PROT_NONE, or a
 * read-only page to write into) returns -EFAULT, changes nothing, and the
 * process lives on.
 *
 * Pins down the kernel's user-copy rule ("nothing a user program does may
 * reach a panic", STYLE.md): copy_from_user / copy_to_user check the
 * address range and the VMA's permissions, fault pages in like a user
 * access would, and turn an access the process could not make itself into
 * EFAULT. Raw syscall() is used throughout so errno is the kernel's own.
 *
 * Linux facts encoded here: a failed pipe read consumes nothing (the data
 * is still there for the next read); a failed pipe() leaks no
 * descriptors.
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include "check.h"

#define KERNEL_ADDR 0xffff888000000000UL
#define MSG "still-here"
#define MSG_LEN 10

static int pipe_fds[2];
static unsigned char *ro_page, *none_page;
static uintptr_t unmapped;

static void setup(void)
{
	ro_page = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	none_page = mmap(NULL, PAGE_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unmapped = (uintptr_t)mmap(NULL, PAGE_SIZE, PROT_READ,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(ro_page != MAP_FAILED && none_page != MAP_FAILED &&
			(void *)unmapped != MAP_FAILED,
		"mmap of the test pages succeeds");
	REQUIRE(munmap((void *)unmapped, PAGE_SIZE) == 0,
		"munmap of the test page succeeds");
	REQUIRE(pipe(pipe_fds) == 0, "pipe() works");
}

static void write_from_bad_pointers_fails(void)
{
	static const struct {
		uintptr_t addr;
		const char *what;
	} bad[] = {
		{ 1, "write() from address 1 fails with EFAULT" },
		{ 0, "write() from NULL fails with EFAULT" },
		{ KERNEL_ADDR, "write() from a kernel address fails with "
			       "EFAULT" },
	};
	char got[MSG_LEN];
	int w = pipe_fds[1];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_ERR(syscall(SYS_write, w, bad[i].addr, 10), EFAULT,
			  bad[i].what);
	CHECK_ERR(syscall(SYS_write, w, none_page, 10), EFAULT,
		  "write() from a PROT_NONE page fails with EFAULT");
	CHECK_ERR(syscall(SYS_write, w, unmapped, 10), EFAULT,
		  "write() from an unmapped page fails with EFAULT");

	/* Nothing of the failed writes reached the pipe. */
	CHECK_EQ(write(w, MSG, MSG_LEN), MSG_LEN, "a good write() works");
	CHECK_EQ(read(pipe_fds[0], got, MSG_LEN), MSG_LEN,
		 "a good read() works");
	CHECK(memcmp(got, MSG, MSG_LEN) == 0,
	      "failed write() calls put nothing into the pipe");
}

static void read_into_bad_pointers_fails(void)
{
	char got[MSG_LEN];
	int r = pipe_fds[0];

	CHECK_EQ(write(pipe_fds[1], MSG, MSG_LEN), MSG_LEN,
		 "data goes into the pipe");
	CHECK_ERR(syscall(SYS_read, r, ro_page, MSG_LEN), EFAULT,
		  "read() into a read-only mapping fails with EFAULT");
	CHECK_BYTES(ro_page, PAGE_SIZE, 0,
		    "a failed read() leaves the read-only page unchanged");
	CHECK_ERR(syscall(SYS_read, r, (uintptr_t)setup, MSG_LEN), EFAULT,
		  "read() into the program's text fails with EFAULT");
	CHECK_ERR(syscall(SYS_read, r, NULL, MSG_LEN), EFAULT,
		  "read() into NULL fails with EFAULT");
	CHECK_ERR(syscall(SYS_read, r, KERNEL_ADDR, MSG_LEN), EFAULT,
		  "read() into a kernel address fails with EFAULT");
	CHECK_ERR(syscall(SYS_read, r, none_page, MSG_LEN), EFAULT,
		  "read() into a PROT_NONE page fails with EFAULT");
	CHECK_ERR(syscall(SYS_read, r, unmapped, MSG_LEN), EFAULT,
		  "read() into an unmapped page fails with EFAULT");

	CHECK_EQ(read(r, got, MSG_LEN), MSG_LEN,
		 "after failed reads, a good read() gets the data");
	CHECK(memcmp(got, MSG, MSG_LEN) == 0,
	      "a failed pipe read() consumes nothing");
}

static void pipe_into_bad_pointers_fails(void)
{
	int probe[2], again[2];

	REQUIRE(pipe(probe) == 0, "pipe() works");
	close(probe[0]);
	close(probe[1]);
	CHECK_ERR(syscall(SYS_pipe, NULL), EFAULT,
		  "pipe(NULL) fails with EFAULT");
	CHECK_ERR(syscall(SYS_pipe, ro_page), EFAULT,
		  "pipe() into a read-only page fails with EFAULT");
	CHECK_ERR(syscall(SYS_pipe, KERNEL_ADDR), EFAULT,
		  "pipe() into a kernel address fails with EFAULT");
	REQUIRE(pipe(again) == 0, "pipe() works after the failures");
	CHECK(again[0] == probe[0] && again[1] == probe[1],
	      "failed pipe() calls leak no file descriptors (the lowest "
	      "free ones are handed out again)");
	close(again[0]);
	close(again[1]);
}

static void other_calls_check_their_pointers(void)
{
	CHECK_ERR(syscall(SYS_uname, 1), EFAULT,
		  "uname() into address 1 fails with EFAULT");
	CHECK_ERR(syscall(SYS_uname, ro_page), EFAULT,
		  "uname() into a read-only page fails with EFAULT");
	CHECK_ERR(syscall(SYS_getrusage, RUSAGE_SELF, KERNEL_ADDR), EFAULT,
		  "getrusage() into a kernel address fails with EFAULT");
	CHECK_ERR(syscall(SYS_sysinfo, NULL), EFAULT,
		  "sysinfo(NULL) fails with EFAULT");
}

/* A pointer that runs from a good page into a bad one is still bad. */
static void ranges_that_end_in_a_bad_page_fail(void)
{
	unsigned char *two = mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(two != MAP_FAILED, "mmap of two pages succeeds");
	REQUIRE(munmap(two + PAGE_SIZE, PAGE_SIZE) == 0, "munmap works");
	CHECK_ERR(syscall(SYS_uname, two + PAGE_SIZE - 8), EFAULT,
		  "uname() into a buffer crossing into an unmapped page "
		  "fails with EFAULT");
	CHECK_ERR(syscall(SYS_pipe, two + PAGE_SIZE - 4), EFAULT,
		  "pipe() with its second descriptor in an unmapped page "
		  "fails with EFAULT");
	munmap(two, PAGE_SIZE);
}

int main(void)
{
	setup();
	write_from_bad_pointers_fails();
	read_into_bad_pointers_fails();
	pipe_into_bad_pointers_fails();
	other_calls_check_their_pointers();
	ranges_that_end_in_a_bad_page_fail();
	return check_status();
}
