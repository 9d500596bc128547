/*
 * shmem.h - the pages behind a shared anonymous mapping.
 *
 * MAP_SHARED|MAP_ANONYMOUS memory must be the same memory in every
 * process that maps it, including pages nobody had touched before a fork.
 * So its pages belong to an object (Linux: a shmem inode), not to any one
 * page table: a fault looks the page up by index and maps it. VMAs that
 * map the object (after fork or a split) each hold a reference.
 */
#ifndef MM_SHMEM_H
#define MM_SHMEM_H

#include "kernel/list.h"
#include "mm/mm.h"

struct shmem_object {
	int refs; /* VMAs mapping it */
	unsigned long nr_pages; /* pages present in the object */
	struct list_head pages; /* struct shmem_page, any order */
};

struct shmem_object *shmem_create(void);
void shmem_get(struct shmem_object *obj);
/* Drop a reference; the last one frees the object and its pages. */
void shmem_put(struct shmem_object *obj);
/* The page at index, allocated zeroed if absent (the object holds one
 * reference to it). NULL if out of memory. */
struct page *shmem_getpage(struct shmem_object *obj, unsigned long index);

#endif
