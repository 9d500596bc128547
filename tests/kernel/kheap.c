/*
 * kheap.c - self-tests of the kernel heap (mm/slab.c).
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "mm/internal.h"

#define MANY 200
#define MAX_TEST_SIZE (3 * PAGE_SIZE)

/* The alignment kmalloc promises for size: a power of two <= PAGE_SIZE. */
static unsigned long promised_align(size_t size)
{
	unsigned long align = 16;

	while (align < size && align < PAGE_SIZE)
		align <<= 1;
	return align;
}

/* Objects of many sizes, filled with their own byte, keep their contents
 * while all are live (no overlap) and are aligned as promised. */
static void many_sizes_do_not_overlap(struct ktest *t)
{
	u8 **obj = kmalloc(MANY * sizeof(*obj), GFP_KERNEL);
	size_t *size = kmalloc(MANY * sizeof(*size), GFP_KERNEL);
	long before = kmalloc_bytes_in_use();

	KT_ASSERT_NOT_NULL(t, obj);
	KT_ASSERT_NOT_NULL(t, size);
	for (int i = 0; i < MANY; i++) {
		size[i] = 1 + ktest_rand(t) % MAX_TEST_SIZE;
		obj[i] = kmalloc(size[i], GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, obj[i]);
		if ((unsigned long)obj[i] % promised_align(size[i]))
			KT_FAIL(t, "%zu bytes at %p: misaligned", size[i],
				obj[i]);
		memset(obj[i], i, size[i]);
	}
	for (int i = 0; i < MANY; i++)
		for (size_t b = 0; b < size[i]; b++)
			if (obj[i][b] != (u8)i) {
				KT_FAIL(t, "object %d (%zu bytes) overwritten "
					"at byte %zu", i, size[i], b);
				break;
			}
	/* Free in a scrambled order: every third, then the rest. */
	for (int i = 0; i < MANY; i += 3)
		kfree(obj[i]);
	for (int i = 0; i < MANY; i++)
		if (i % 3)
			kfree(obj[i]);
	KT_EXPECT_EQ(t, kmalloc_bytes_in_use(), before);
	kfree(size);
	kfree(obj);
}

/* The heap counts the bytes it hands out (size class or whole pages). */
static void heap_bytes_follow_allocations(struct ktest *t)
{
	long before = kmalloc_bytes_in_use();
	void *small = kmalloc(100, GFP_KERNEL);
	void *mid = kmalloc(2000, GFP_KERNEL);
	void *large = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, small);
	KT_ASSERT_NOT_NULL(t, mid);
	KT_ASSERT_NOT_NULL(t, large);
	KT_EXPECT_EQ(t, kmalloc_bytes_in_use(),
		     before + 128 + 2048 + (long)(4 * PAGE_SIZE));
	KT_EXPECT_EQ(t, (unsigned long)large % PAGE_SIZE, 0UL);
	kfree(mid);
	KT_EXPECT_EQ(t, kmalloc_bytes_in_use(),
		     before + 128 + (long)(4 * PAGE_SIZE));
	kfree(large);
	kfree(small);
	KT_EXPECT_EQ(t, kmalloc_bytes_in_use(), before);
}

/* kzalloc zeroes even an object whose last owner dirtied it. */
static void kzalloc_returns_zeroed_memory(struct ktest *t)
{
	u8 *keep = kmalloc(64, GFP_KERNEL); /* keeps the slab alive */
	u8 *dirty = kmalloc(64, GFP_KERNEL);
	u8 *z;

	KT_ASSERT_NOT_NULL(t, keep);
	KT_ASSERT_NOT_NULL(t, dirty);
	memset(dirty, 0xff, 64);
	kfree(dirty);
	z = kzalloc(64, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, z);
	for (int i = 0; i < 64; i++)
		if (z[i]) {
			KT_FAIL(t, "byte %d of a kzalloc'd object is %#x", i,
				z[i]);
			break;
		}
	kfree(z);
	kfree(keep);
}

/* A freed object is poisoned past its free-list link (use after free). */
static void freed_object_is_poisoned(struct ktest *t)
{
	u8 *keep = kmalloc(128, GFP_KERNEL);
	u8 *obj = kmalloc(128, GFP_KERNEL);

	if (!CONFIG_DEBUG_MM)
		ktest_skip(t, "built with CONFIG_DEBUG_MM=0");
	KT_ASSERT_NOT_NULL(t, keep);
	KT_ASSERT_NOT_NULL(t, obj);
	memset(obj, 0x11, 128);
	kfree(obj);
	/* Nothing allocates in between: the object is still free. */
	for (int i = sizeof(void *); i < 128; i++)
		if (obj[i] != POISON_FREE) {
			KT_FAIL(t, "byte %d of a freed object is %#x", i,
				obj[i]);
			break;
		}
	kfree(keep);
}

/* Holes left in a fragmented heap are refilled before it grows, and an
 * emptied slab goes back to the frame allocator. */
static void fragmented_heap_reuses_holes(struct ktest *t)
{
	enum { N = 512 }; /* 8 slabs of 64-byte objects */
	void **obj = kmalloc(N * sizeof(*obj), GFP_KERNEL);
	unsigned long frames_before = nr_free_frames();
	unsigned long frames_full;

	KT_ASSERT_NOT_NULL(t, obj);
	for (int i = 0; i < N; i++) {
		obj[i] = kmalloc(64, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, obj[i]);
	}
	frames_full = nr_free_frames();
	for (int i = 1; i < N; i += 2)
		kfree(obj[i]);
	KT_EXPECT_EQ(t, nr_free_frames(), frames_full); /* no slab empty */
	for (int i = 1; i < N; i += 2) {
		obj[i] = kmalloc(64, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, obj[i]);
	}
	KT_EXPECT_EQ(t, nr_free_frames(), frames_full); /* holes refilled */
	for (int i = 0; i < N; i++)
		kfree(obj[i]);
	KT_EXPECT_EQ(t, nr_free_frames(), frames_before);
	kfree(obj);
}

/* A double free is refused (-EINVAL) and corrupts nothing: the object is
 * handed out once, not twice. */
static void double_free_is_detected(struct ktest *t)
{
	void *keep = kmalloc(32, GFP_KERNEL);
	void *obj = kmalloc(32, GFP_KERNEL);
	void *big = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	long before;
	void *a, *b;

	KT_ASSERT_NOT_NULL(t, keep);
	KT_ASSERT_NOT_NULL(t, obj);
	KT_ASSERT_NOT_NULL(t, big);
	kfree(obj);
	kfree(big);
	before = kmalloc_bytes_in_use();
	KT_EXPECT_EQ(t, kfree_checked(obj), -EINVAL);
	KT_EXPECT_EQ(t, kfree_checked(big), -EINVAL);
	KT_EXPECT_EQ(t, kmalloc_bytes_in_use(), before);
	a = kmalloc(32, GFP_KERNEL);
	b = kmalloc(32, GFP_KERNEL);
	KT_EXPECT_NE(t, a, b);
	kfree(a);
	kfree(b);
	kfree(keep);
}

/* Pointers kmalloc never returned are refused: static data, the middle of
 * an object or of a large allocation, a page from alloc_page. */
static void foreign_pointer_is_rejected(struct ktest *t)
{
	static int not_heap;
	u8 *obj = kmalloc(64, GFP_KERNEL);
	u8 *big = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, obj);
	KT_ASSERT_NOT_NULL(t, big);
	KT_ASSERT_NOT_NULL(t, page);
	KT_EXPECT_EQ(t, kfree_checked(&not_heap), -EINVAL);
	KT_EXPECT_EQ(t, kfree_checked(obj + 8), -EINVAL);
	KT_EXPECT_EQ(t, kfree_checked(big + PAGE_SIZE), -EINVAL);
	KT_EXPECT_EQ(t, kfree_checked(page_address(page)), -EINVAL);
	KT_EXPECT_EQ(t, kfree_checked(NULL), 0);
	KT_EXPECT_EQ(t, kfree_checked(obj), 0);
	KT_EXPECT_EQ(t, kfree_checked(big), 0);
	__free_page(page);
}

/* Requests no allocation can satisfy return NULL, without a panic. */
static void impossible_request_returns_null(struct ktest *t)
{
	KT_EXPECT_NULL(t, kmalloc((PAGE_SIZE << MAX_ORDER) + 1, GFP_KERNEL));
	KT_EXPECT_NULL(t, kmalloc(~0UL, GFP_KERNEL));
}

static const struct ktest_case kheap_cases[] = {
	KTEST_CASE(many_sizes_do_not_overlap),
	KTEST_CASE(heap_bytes_follow_allocations),
	KTEST_CASE(kzalloc_returns_zeroed_memory),
	KTEST_CASE(freed_object_is_poisoned),
	KTEST_CASE(fragmented_heap_reuses_holes),
	KTEST_CASE(double_free_is_detected),
	KTEST_CASE(foreign_pointer_is_rejected),
	KTEST_CASE(impossible_request_returns_null),
	{}
};

static const struct ktest_suite kheap_suite = {
	.name = "kheap",
	.cases = kheap_cases,
};
KTEST_SUITE(kheap_suite, 2);
