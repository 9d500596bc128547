/*
 * memdisk.c - reading the built-in disk images, with the tests' changes.
 */
#include "tests/kernel/memdisk.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/string.h"

void memdisk_view_init(struct memdisk_view *v, const struct memdisk *d)
{
	memset(v, 0, sizeof(*v));
	v->disk = d;
	v->nr_sectors = d->nr_sectors;
	v->fail_lba_reads = -1;
}

static const u8 *stored_sector(const struct memdisk *d, u64 lba)
{
	for (int i = 0; i < d->nr; i++)
		if (d->sectors[i].lba == lba)
			return d->sectors[i].data;
	return NULL;
}

int memdisk_read(void *ctx, u64 lba, void *buf)
{
	struct memdisk_view *v = ctx;
	const u8 *data;

	if (lba >= v->nr_sectors || (s64)lba == v->fail_lba_reads)
		return -EIO;
	for (int i = 0; i < v->nr_patches; i++) {
		if (v->patch[i].lba == lba) {
			memcpy(buf, v->patch[i].data, SECTOR_SIZE);
			return 0;
		}
	}
	data = stored_sector(v->disk, lba);
	if (data)
		memcpy(buf, data, SECTOR_SIZE);
	else
		memset(buf, 0, SECTOR_SIZE);
	return 0;
}

u8 *memdisk_patch(struct memdisk_view *v, u64 lba)
{
	for (int i = 0; i < v->nr_patches; i++)
		if (v->patch[i].lba == lba)
			return v->patch[i].data;
	BUG_ON(v->nr_patches == MEMDISK_MAX_PATCHES);
	v->patch[v->nr_patches].lba = lba;
	memdisk_read(v, lba, v->patch[v->nr_patches].data);
	return v->patch[v->nr_patches++].data;
}
