/*
 * file_stub.c - TEMPORARY: stand-ins until the file layer (kernel/file.c,
 * kernel/console.c) is merged; processes simply have no open files.
 */
#include "kernel/file.h"

__attribute__((weak)) struct files_struct *files_alloc(void)
{
	return NULL;
}
__attribute__((weak)) struct files_struct *dup_files(struct files_struct *o)
{
	return o;
}
__attribute__((weak)) void put_files(struct files_struct *files)
{
	(void)files;
}
__attribute__((weak)) void files_close_on_exec(struct files_struct *files)
{
	(void)files;
}
__attribute__((weak)) int console_open_stdio(struct files_struct *files)
{
	(void)files;
	return 0;
}
