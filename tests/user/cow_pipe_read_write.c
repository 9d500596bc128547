// SPDX-License-Identifier: MIT
/*
 * cow_pipe_read_write - the kernel's own copies to and from user memory
 * respect copy-on-write: read() from a pipe into a page shared with another
 * process breaks COW for the reader only, and write() from a shared page
 * sends that page's contents without copying it.
 *
 * Pins down scenario 5 of DESIGN.md when the writer is the kernel on the
 * process's behalf (copy_to_user must fault like a user write, through
 * do_wp_page, or it would write into the page the other process still
 * maps - the class of bug behind Dirty COW, CVE-2016-5195), and that
 * copies into and out of pages that are not yet present (never touched,
 * or mapped to the zero page by a read) fault them in.
 */
#include <sys/mman.h>

#include "check.h"

#define SEED 0x70697065ULL /* "pipe" */
#define BUF_PAGES 3
#define BUF_BYTES (BUF_PAGES * PAGE_SIZE)
/* The data read() delivers: more than a page, not page-aligned. */
#define DATA_OFF 100
#define DATA_BYTES (PAGE_SIZE + 1000)

static unsigned char bss_buf[BUF_BYTES] __attribute__((aligned(PAGE_SIZE)));
static unsigned char data[DATA_BYTES];

static unsigned char *map_pages(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap of private anonymous pages works");
	return p;
}

static void make_pipe(int fds[2])
{
	REQUIRE(pipe(fds) == 0, "pipe() works");
}

static void close_pipe(int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

/*
 * A child that writes buf into the pipe, so that this process can read it
 * back whatever the pipe's capacity (POSIX promises only PIPE_BUF bytes;
 * a small kernel may buffer one page or less).
 */
static pid_t feed(int fd, const void *buf, size_t n)
{
	pid_t pid = fork_or_die();

	if (pid == 0)
		_exit(write_full(fd, buf, n) == (ssize_t)n ? 0 : 1);
	return pid;
}

static void check_fed(pid_t feeder)
{
	CHECK_EXITED(wait_for(feeder), 0, "the feeding child wrote it all");
}

/* buf holds the pattern of seed except data at DATA_OFF. */
static void check_read_landed(const unsigned char *buf, uint64_t seed,
			      const char *what)
{
	CHECK_PATTERN(buf, DATA_OFF, seed, what);
	CHECK(memcmp(buf + DATA_OFF, data, DATA_BYTES) == 0, what);
	CHECK_PATTERN_AT(buf, DATA_OFF + DATA_BYTES,
			 BUF_BYTES - DATA_OFF - DATA_BYTES, seed, what);
}

/*
 * The child read()s into a shared COW buffer: it sees the data, the
 * parent keeps the pattern. Done for .bss and for an mmap'd buffer.
 */
static void child_read_breaks_cow_for_child_only(unsigned char *buf,
						 uint64_t seed)
{
	int fds[2];
	pid_t pid;

	fill_pattern(buf, BUF_BYTES, seed);
	make_pipe(fds);
	pid = fork_or_die();
	if (pid == 0) {
		close(fds[1]);
		CHECK_EQ(read_full(fds[0], buf + DATA_OFF, DATA_BYTES),
			 DATA_BYTES, "the child's read() fills its buffer");
		check_read_landed(buf, seed,
				  "the child sees what read() put into its "
				  "COW pages, and the rest of them intact");
		check_exit();
	}
	close(fds[0]);
	CHECK_EQ(write_full(fds[1], data, DATA_BYTES), DATA_BYTES,
		 "the parent writes the data into the pipe");
	close(fds[1]);
	CHECK_EXITED(wait_for(pid), 0, "the reading child passed its checks");
	CHECK_PATTERN(buf, BUF_BYTES, seed,
		      "a child's read() into shared COW pages does not "
		      "change the parent's pages");
}

/* The parent read()s while the child still maps the old pages. */
static void parent_read_breaks_cow_for_parent_only(unsigned char *buf,
						   uint64_t seed)
{
	int data_pipe[2], to_child[2], to_parent[2];
	pid_t pid;

	fill_pattern(buf, BUF_BYTES, seed);
	make_pipe(data_pipe);
	make_pipe(to_child);
	make_pipe(to_parent);
	pid = fork_or_die();
	if (pid == 0) {
		send_byte(to_parent[1], 'r');
		recv_byte(to_child[0]); /* the parent has read */
		CHECK_PATTERN(buf, BUF_BYTES, seed,
			      "the parent's read() into shared COW pages "
			      "does not change the child's pages");
		check_exit();
	}
	recv_byte(to_parent[0]);
	pid_t feeder = feed(data_pipe[1], data, DATA_BYTES);

	CHECK_EQ(read_full(data_pipe[0], buf + DATA_OFF, DATA_BYTES),
		 DATA_BYTES, "the parent's read() fills its buffer");
	check_fed(feeder);
	send_byte(to_child[1], 'd');
	check_read_landed(buf, seed,
			  "the parent sees what read() put into its COW "
			  "pages, and the rest of them intact");
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	close_pipe(data_pipe);
	close_pipe(to_child);
	close_pipe(to_parent);
}

/*
 * write() from pages the child shares with its parent sends their
 * contents; after the child changes its copy, write() sends the new
 * contents while the parent's pages stay as they were.
 */
static void write_from_cow_pages_sends_each_sides_data(unsigned char *buf,
						       uint64_t seed)
{
	static unsigned char got[BUF_BYTES];
	int fds[2];
	pid_t pid;

	fill_pattern(buf, BUF_BYTES, seed);
	make_pipe(fds);
	pid = fork_or_die();
	if (pid == 0) {
		close(fds[0]);
		CHECK_EQ(write_full(fds[1], buf, BUF_BYTES), BUF_BYTES,
			 "write() from shared COW pages succeeds");
		fill_pattern(buf, BUF_BYTES, seed + 1);
		CHECK_EQ(write_full(fds[1], buf, BUF_BYTES), BUF_BYTES,
			 "write() from the child's own copy succeeds");
		check_exit();
	}
	close(fds[1]);
	CHECK_EQ(read_full(fds[0], got, BUF_BYTES), BUF_BYTES,
		 "the first write arrives whole");
	CHECK_PATTERN(got, BUF_BYTES, seed,
		      "write() from shared COW pages sends their contents");
	CHECK_EQ(read_full(fds[0], got, BUF_BYTES), BUF_BYTES,
		 "the second write arrives whole");
	CHECK_PATTERN(got, BUF_BYTES, seed + 1,
		      "write() after the child's COW copy sends the child's "
		      "new contents");
	CHECK_EXITED(wait_for(pid), 0, "the writing child passed its checks");
	CHECK_PATTERN(buf, BUF_BYTES, seed,
		      "the parent's pages keep their contents");
	close(fds[0]);
}

/*
 * read() into pages that are not present yet: never touched, or only read
 * (on Linux a read maps the shared zero page read-only, which the kernel's
 * copy must replace with a private page, as a user write would).
 */
static void read_into_pages_not_yet_present(void)
{
	unsigned char *fresh = map_pages(BUF_BYTES);
	unsigned char *zero = map_pages(BUF_BYTES);
	int fds[2];
	pid_t feeder;

	for (size_t i = 0; i < BUF_BYTES; i += PAGE_SIZE)
		CHECK_EQ(peek((uintptr_t)&zero[i]), 0,
			 "a fresh anonymous page reads as zero");
	make_pipe(fds);
	feeder = feed(fds[1], data, DATA_BYTES);
	CHECK_EQ(read_full(fds[0], fresh + DATA_OFF, DATA_BYTES), DATA_BYTES,
		 "read() into never-touched pages succeeds");
	check_fed(feeder);
	CHECK(memcmp(fresh + DATA_OFF, data, DATA_BYTES) == 0,
	      "read() into never-touched pages delivers the data");
	CHECK_BYTES(fresh, DATA_OFF, 0, "bytes before the read() stay zero");
	feeder = feed(fds[1], data, DATA_BYTES);
	CHECK_EQ(read_full(fds[0], zero + DATA_OFF, DATA_BYTES), DATA_BYTES,
		 "read() into pages that were only read succeeds");
	check_fed(feeder);
	CHECK(memcmp(zero + DATA_OFF, data, DATA_BYTES) == 0,
	      "read() into pages that were only read delivers the data");
	CHECK_BYTES(zero + DATA_OFF + DATA_BYTES,
		    BUF_BYTES - DATA_OFF - DATA_BYTES, 0,
		    "bytes after the read() stay zero");
	close_pipe(fds);
	munmap(fresh, BUF_BYTES);
	munmap(zero, BUF_BYTES);
}

/* write() from never-touched pages sends zeros (a child reads them). */
static void write_from_pages_not_yet_present(void)
{
	unsigned char *untouched = map_pages(BUF_BYTES);
	int fds[2];
	pid_t reader;

	make_pipe(fds);
	reader = fork_or_die();
	if (reader == 0) {
		static unsigned char got[BUF_BYTES];

		close(fds[1]);
		CHECK_EQ(read_full(fds[0], got, BUF_BYTES), BUF_BYTES,
			 "the zeros arrive");
		CHECK_BYTES(got, BUF_BYTES, 0,
			    "write() from never-touched pages sends zeros");
		check_exit();
	}
	close(fds[0]);
	CHECK_EQ(write_full(fds[1], untouched, BUF_BYTES), BUF_BYTES,
		 "write() from never-touched pages succeeds");
	close(fds[1]);
	CHECK_EXITED(wait_for(reader), 0, "the reading child got zeros");
	munmap(untouched, BUF_BYTES);
}

/* A page only read before fork, then read() into by the child. */
static void child_read_into_zero_page_leaves_parent_zero(void)
{
	unsigned char *buf = map_pages(BUF_BYTES);
	int fds[2];
	pid_t pid;

	for (size_t i = 0; i < BUF_BYTES; i += PAGE_SIZE)
		CHECK_EQ(peek((uintptr_t)&buf[i]), 0,
			 "a fresh anonymous page reads as zero");
	make_pipe(fds);
	pid = fork_or_die();
	if (pid == 0) {
		close(fds[1]);
		CHECK_EQ(read_full(fds[0], buf + DATA_OFF, DATA_BYTES),
			 DATA_BYTES, "the child's read() succeeds");
		CHECK(memcmp(buf + DATA_OFF, data, DATA_BYTES) == 0,
		      "the child's read() into zero pages delivers the data");
		check_exit();
	}
	close(fds[0]);
	CHECK_EQ(write_full(fds[1], data, DATA_BYTES), DATA_BYTES,
		 "the data goes into the pipe");
	close(fds[1]);
	CHECK_EXITED(wait_for(pid), 0, "the child passed its checks");
	CHECK_BYTES(buf, BUF_BYTES, 0,
		    "the child's read() into pages the parent only read "
		    "leaves the parent's pages zero");
	munmap(buf, BUF_BYTES);
}

int main(void)
{
	unsigned char *mapped = map_pages(BUF_BYTES);

	test_seed(SEED);
	fill_pattern(data, DATA_BYTES, SEED ^ 0xda7a);
	child_read_breaks_cow_for_child_only(bss_buf, SEED + 1);
	child_read_breaks_cow_for_child_only(mapped, SEED + 2);
	parent_read_breaks_cow_for_parent_only(bss_buf, SEED + 3);
	parent_read_breaks_cow_for_parent_only(mapped, SEED + 4);
	write_from_cow_pages_sends_each_sides_data(bss_buf, SEED + 5);
	write_from_cow_pages_sends_each_sides_data(mapped, SEED + 6);
	read_into_pages_not_yet_present();
	write_from_pages_not_yet_present();
	child_read_into_zero_page_leaves_parent_zero();
	return check_status();
}
