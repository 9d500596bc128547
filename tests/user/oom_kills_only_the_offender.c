/*
 * oom_kills_only_the_offender - issue "Swapping": out of memory and swap,
 * the process that needs the memory is killed (SIGKILL, with an
 * out-of-memory reason on the console) - one process, not the kernel -
 * and everything it held is given back.
 *
 * faultline-only, and only in the 'oom' boot (OOM_TEST=1 with mem=24M
 * noswap on the kernel command line): on Linux it is skipped, never
 * exhausting the host's memory.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define HOG_MIB 64 /* far more than the boot's RAM, with no swap */
#define MIB (1024UL * 1024)

static void hog(void)
{
	/* MAP_NORESERVE: the overcommit check would refuse it up front. */
	char *p = mmap(NULL, HOG_MIB * MIB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	for (size_t off = 0; off < HOG_MIB * MIB; off += 4096)
		p[off] = 1; /* the fault that finds no memory kills us */
	_exit(3); /* not reached */
}

static unsigned long free_ram(void)
{
	struct sysinfo si;

	return sysinfo(&si) ? 0 : si.freeram * si.mem_unit;
}

int main(void)
{
	if (on_linux())
		skip("faultline-only: exhausting memory on purpose");
	if (!getenv("OOM_TEST"))
		skip("runs only in the oom boot (OOM_TEST=1, mem=24M noswap)");
	unsigned long before = free_ram();
	pid_t pid = fork();
	REQUIRE(pid >= 0, "fork");
	if (pid == 0)
		hog();
	int status = 0;
	CHECK_EQ(waitpid(pid, &status, 0), pid, "the hog is reaped");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "out of memory, the hog is killed with SIGKILL");
	/* We are still here, and can still use memory. */
	char *q = malloc(MIB);
	REQUIRE(q != NULL, "malloc after the OOM kill");
	memset(q, 0x5a, MIB);
	CHECK(q[MIB - 1] == 0x5a, "memory works after the OOM kill");
	free(q);
	/* Everything the hog held came back (allow for our own heap). */
	CHECK(free_ram() + 2 * MIB >= before,
	      "the hog's memory is free again");
	check_exit();
}
