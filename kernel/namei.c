/*
 * namei.c - from a path to a file or directory of the initramfs.
 *
 * Two steps, both pure functions of their arguments (self-tested):
 * path_resolve() makes the path canonical and absolute, fs_lookup() finds
 * it in the archive's flat list. A directory is found either as an entry
 * of its own (cpio archives usually carry them) or because some path
 * lies below it.
 */
#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/string.h"

/* Drop the last component of the canonical path out[0..len). */
static size_t drop_last_component(char *out, size_t len)
{
	while (len > 1 && out[len - 1] != '/')
		len--;
	if (len > 1)
		len--; /* the '/' before it, unless it is the root */
	out[len] = '\0';
	return len;
}

/* Append "/name" (n bytes) to out[0..len); the new length or -1. */
static long append_component(char *out, size_t len, size_t size,
			     const char *name, size_t n)
{
	size_t sep = len > 1; /* the root "/" already ends in a slash */

	if (len + sep + n + 1 > size)
		return -1;
	if (sep)
		out[len] = '/';
	memcpy(out + len + sep, name, n);
	len += sep + n;
	out[len] = '\0';
	return (long)len;
}

int path_resolve(const char *cwd, const char *path, char *out, size_t size)
{
	size_t len;

	if (!path[0])
		return -ENOENT;
	if (strlcpy(out, path[0] == '/' ? "/" : cwd, size) >= size)
		return -ENAMETOOLONG;
	len = strlen(out);
	while (*path) {
		while (*path == '/')
			path++;
		size_t n = 0;
		while (path[n] && path[n] != '/')
			n++;
		if (n == 2 && !strncmp(path, "..", 2)) {
			len = drop_last_component(out, len);
		} else if (n && !(n == 1 && path[0] == '.')) {
			long l = append_component(out, len, size, path, n);
			if (l < 0)
				return -ENAMETOOLONG;
			len = (size_t)l;
		}
		path += n;
	}
	return 0;
}

bool path_wants_dir(const char *path)
{
	size_t n = strlen(path);

	if (n && path[n - 1] == '/')
		return true;
	if (n >= 2 && !strcmp(path + n - 2, "/."))
		return true;
	return n >= 3 && !strcmp(path + n - 3, "/..");
}

bool path_is_below(const char *dir, const char *p)
{
	size_t n = strlen(dir);

	if (n == 1) /* the root: everything but itself */
		return p[0] == '/' && p[1];
	return !strncmp(p, dir, n) && p[n] == '/';
}

/* FNV-1a of the path: stable, and unique in practice for a few hundred
 * paths. Never 0 (some programs take ino 0 for a deleted entry). */
u64 fs_path_ino(const char *path)
{
	u64 h = 0xcbf29ce484222325UL; /* FNV-1a offset basis */

	for (const char *p = path; *p; p++)
		h = (h ^ (u8)*p) * 0x100000001b3UL; /* FNV-1a prime */
	return h ? h : 1;
}

/* The archive's entry for a canonical path. Archive paths are at most
 * sizeof(paths[0]) - 1 long: a longer path is in no entry (and must not
 * match a truncated copy of itself). */
static const struct initramfs_file *find_entry(const struct initramfs *fs,
					       const char *path)
{
	if (strlen(path) >= sizeof(fs->paths[0]))
		return NULL;
	return initramfs_find(fs, path);
}

/* -ENOTDIR if a proper prefix of path is a regular file ("/init/x"). */
static int check_prefixes(const struct initramfs *fs, const char *path)
{
	char prefix[FS_PATH_MAX];

	for (size_t i = 1; path[i]; i++) {
		if (path[i] != '/' || i >= sizeof(prefix))
			continue;
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		const struct initramfs_file *f = find_entry(fs, prefix);
		if (f && !S_ISDIR(f->mode))
			return -ENOTDIR;
	}
	return 0;
}

int fs_lookup(const struct initramfs *fs, const char *path,
	      struct fs_node *node)
{
	const struct initramfs_file *f;
	int err = check_prefixes(fs, path);

	if (err)
		return err;
	*node = (struct fs_node){ .ino = fs_path_ino(path) };
	if (strlcpy(node->path, path, sizeof(node->path)) >= sizeof(node->path))
		return -ENAMETOOLONG;
	f = find_entry(fs, path);
	if (f) {
		node->file = S_ISDIR(f->mode) ? NULL : f;
		node->mode = f->mode;
		return 0;
	}
	/* The root always exists, even in an empty archive. */
	node->mode = FS_SYNTH_DIR_MODE;
	if (!strcmp(path, "/"))
		return 0;
	for (int i = 0; i < fs->nr_files; i++)
		if (path_is_below(path, fs->files[i].path))
			return 0;
	return -ENOENT;
}

void fs_node_stat(const struct fs_node *node, struct kstat *st)
{
	u64 size = node->file ? node->file->size : 0;

	*st = (struct kstat){
		.dev = FS_DEV,
		.ino = node->ino,
		.mode = node->mode,
		/* Directories: "." and the entry in the parent. */
		.nlink = S_ISDIR(node->mode) ? 2 : 1,
		.size = size,
		.blksize = FS_BLKSIZE,
		.blocks = ALIGN_UP(size, STAT_BLOCK_SIZE) / STAT_BLOCK_SIZE,
	};
}
