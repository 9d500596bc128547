/*
 * initramfs.c - index a "newc" cpio archive (cpio -H newc).
 *
 * Each member is a 110-byte ASCII header, the NUL-terminated name, padding
 * to a multiple of 4, the data, padding to 4. The header is "070701" then
 * 13 fields of 8 hex digits:
 *
 *   ino mode uid gid nlink mtime filesize devmajor devminor
 *   rdevmajor rdevminor namesize check
 *
 * The member named "TRAILER!!!" ends the archive. Every length is checked
 * against the buffer before use: a damaged archive is refused, never
 * trusted.
 */
#include "kernel/initramfs.h"
#include "kernel/errno.h"
#include "kernel/multiboot.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define NEWC_MAGIC "070701"
#define NEWC_HDR_LEN 110
#define NEWC_FIELD_MODE 1
#define NEWC_FIELD_FILESIZE 6
#define NEWC_FIELD_NAMESIZE 11
#define NEWC_TRAILER "TRAILER!!!"

/* Field i (0-based) of the header after the magic; -1 if not hex. */
static s64 newc_field(const char *hdr, int i)
{
	const char *p = hdr + 6 + 8 * i;
	u64 v = 0;

	for (int k = 0; k < 8; k++) {
		char c = p[k];
		int d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return (s64)v;
}

/* "./a/b", "a/b" and "/a/b" all become "/a/b"; "." becomes "/". */
static void normalize(char *out, size_t size, const char *name)
{
	if (name[0] == '.' && (name[1] == '/' || !name[1]))
		name++;
	if (name[0] == '/')
		name++;
	snprintf(out, size, "/%s", name);
}

static int add_file(struct initramfs *fs, const char *name, u32 mode,
		    const u8 *data, size_t size)
{
	if (fs->nr_files == INITRAMFS_MAX_FILES)
		return -EINVAL;
	int i = fs->nr_files++;
	normalize(fs->paths[i], sizeof(fs->paths[i]), name);
	fs->files[i] = (struct initramfs_file){
		.path = fs->paths[i], .mode = mode, .data = data, .size = size
	};
	return 0;
}

int initramfs_parse(const void *buf, size_t len, struct initramfs *fs,
		    const char **why)
{
	const u8 *base = buf;
	size_t off = 0;

	fs->nr_files = 0;
	for (;;) {
		const char *hdr = (const char *)base + off;
		if (off + NEWC_HDR_LEN > len)
			return *why = "truncated header", -EINVAL;
		if (memcmp(hdr, NEWC_MAGIC, 6))
			return *why = "bad magic (not a newc cpio archive)",
			       -EINVAL;
		s64 mode = newc_field(hdr, NEWC_FIELD_MODE);
		s64 fsize = newc_field(hdr, NEWC_FIELD_FILESIZE);
		s64 nsize = newc_field(hdr, NEWC_FIELD_NAMESIZE);
		if (mode < 0 || fsize < 0 || nsize < 1)
			return *why = "garbled header field", -EINVAL;
		const char *name = hdr + NEWC_HDR_LEN;
		size_t data_off = ALIGN_UP(off + NEWC_HDR_LEN + nsize, 4);
		if (off + NEWC_HDR_LEN + nsize > len || name[nsize - 1])
			return *why = "name runs past the end", -EINVAL;
		if (!strcmp(name, NEWC_TRAILER))
			return 0;
		if (data_off + fsize > len)
			return *why = "file data runs past the end", -EINVAL;
		if (add_file(fs, name, (u32)mode, base + data_off, fsize))
			return *why = "too many files", -EINVAL;
		off = ALIGN_UP(data_off + fsize, 4);
	}
}

const struct initramfs_file *initramfs_find(const struct initramfs *fs,
					    const char *path)
{
	char want[64];

	normalize(want, sizeof(want), path);
	for (int i = 0; i < fs->nr_files; i++)
		if (!strcmp(fs->files[i].path, want))
			return &fs->files[i];
	return NULL;
}

static struct initramfs boot_fs;

int initramfs_init(void)
{
	const struct boot_info *bi = boot_info();
	const char *why = NULL;

	for (int i = 0; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		if (!str_starts_with(m->name, "initramfs"))
			continue;
		if (initramfs_parse(__va(m->start), m->end - m->start,
				    &boot_fs, &why)) {
			pr_err("initramfs: %s: %s; no user programs\n",
			       m->name, why);
			boot_fs.nr_files = 0;
			return -EINVAL;
		}
		pr_info("initramfs: %s: %d files\n", m->name,
			boot_fs.nr_files);
		return 0;
	}
	pr_info("initramfs: none loaded; no user programs\n");
	return -ENOENT;
}

const struct initramfs *initramfs_boot(void)
{
	return &boot_fs;
}

const struct initramfs_file *initramfs_lookup(const char *path)
{
	return initramfs_find(&boot_fs, path);
}
