/*
 * fork.h - creating, copying and destroying address spaces.
 */
#ifndef MM_FORK_H
#define MM_FORK_H

#include "mm/vma.h"

/* A new, empty address space (kernel half shared), one user. */
struct mm_struct *mm_alloc(void);
/* fork: a copy-on-write copy of old. NULL if out of memory (nothing
 * leaks: a partial copy is torn down). */
struct mm_struct *dup_mm(struct mm_struct *old);
/* Drop a user; the last one unmaps everything and frees the mm. */
void mmput(struct mm_struct *mm);
void mmget(struct mm_struct *mm);
/* Load mm's page tables (NULL: the kernel's). The fault handler works on
 * the active mm. */
void switch_mm(struct mm_struct *mm);
struct mm_struct *active_mm(void);

#endif
