/*
 * fault.h - the x86 page-fault entry and what it reports.
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include "kernel/types.h"

/* Why a fault could not be resolved (Linux's si_code for SIGSEGV etc). */
enum fault_result {
	FAULT_OK, /* resolved: the access will succeed when retried */
	FAULT_MAPERR, /* SIGSEGV, SEGV_MAPERR: no VMA there */
	FAULT_ACCERR, /* SIGSEGV, SEGV_ACCERR: VMA forbids this access */
	FAULT_OOM, /* out of memory */
	FAULT_SIGBUS, /* the page's data is gone (I/O error) */
};

/* The last fault do_page_fault() saw, for tests and reports. */
struct fault_report {
	enum fault_result result;
	unsigned long address;
	u64 error_code;
	bool user; /* from user mode */
	const char *reason; /* one line of plain words */
};
const struct fault_report *last_fault_report(void);
const char *fault_result_name(enum fault_result r);

#endif
