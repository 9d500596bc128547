/*
 * readdir.c - directories of the initramfs, synthesized from its paths,
 * and getdents64().
 *
 * The archive lists "/bin/sh", "/init", "/tests/a", "/tests/b" (and maybe
 * "/bin", "/tests" themselves). The root's entries are the first path
 * components of all of those, each once: "bin", "init", "tests". An
 * entry is a directory if a path continues below it or the archive says
 * so. Positions (d_off, what lseek and telldir see) are indices into the
 * archive, so a listing resumes exactly where the last getdents64 ended.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uio.h"

/*
 * If archive path p lies below dir, the name of dir's entry it comes
 * from (its next component): its length, and *is_dir if more follows.
 * 0 if p is not below dir.
 */
static size_t child_name(const char *dir, const char *p, const char **name,
			 bool *is_dir)
{
	size_t n = 0;

	if (!path_is_below(dir, p))
		return 0;
	*name = p + (strlen(dir) == 1 ? 1 : strlen(dir) + 1);
	while ((*name)[n] && (*name)[n] != '/')
		n++;
	*is_dir = (*name)[n] == '/';
	return n;
}

/* Did an entry before index i already produce this name in dir? */
static bool listed_before(const struct initramfs *fs, const char *dir, int i,
			  const char *name, size_t n)
{
	for (int j = 0; j < i; j++) {
		const char *other;
		bool is_dir;
		size_t m = child_name(dir, fs->files[j].path, &other, &is_dir);
		if (m == n && !strncmp(other, name, n))
			return true;
	}
	return false;
}

static void dot_entry(const char *dir, u64 pos, struct fs_dirent *de)
{
	char parent[FS_PATH_MAX];

	strlcpy(de->name, pos == FS_DIR_POS_DOT ? "." : "..",
		sizeof(de->name));
	de->type = DT_DIR;
	/* The root is its own parent. */
	path_resolve(dir, pos == FS_DIR_POS_DOT ? "." : "..", parent,
		     sizeof(parent));
	de->ino = fs_path_ino(parent);
	de->next = pos + 1;
}

bool fs_dir_entry(const struct initramfs *fs, const char *dir, u64 pos,
		  struct fs_dirent *de)
{
	if (pos < FS_DIR_POS_FIRST) {
		dot_entry(dir, pos, de);
		return true;
	}
	for (u64 i = pos - FS_DIR_POS_FIRST; i < (u64)fs->nr_files; i++) {
		const struct initramfs_file *f = &fs->files[i];
		const char *name;
		bool is_dir;
		size_t n = child_name(dir, f->path, &name, &is_dir);
		if (!n || n >= sizeof(de->name) ||
		    listed_before(fs, dir, (int)i, name, n))
			continue;
		memcpy(de->name, name, n);
		de->name[n] = '\0';
		de->type = is_dir || S_ISDIR(f->mode) ? DT_DIR : DT_REG;
		/* The entry's own path is the start of f's path. */
		char path[FS_PATH_MAX];
		size_t plen = (size_t)(name - f->path) + n;
		memcpy(path, f->path, plen);
		path[plen] = '\0';
		de->ino = fs_path_ino(path);
		de->next = i + FS_DIR_POS_FIRST + 1;
		return true;
	}
	return false;
}

ssize_t fs_fill_dirents(const struct initramfs *fs, const char *dir,
			u64 *pos, void *buf, size_t size)
{
	struct fs_dirent de;
	size_t used = 0;

	while (fs_dir_entry(fs, dir, *pos, &de)) {
		size_t namelen = strlen(de.name) + 1;
		size_t reclen = ALIGN_UP(
			offsetof(struct linux_dirent64, d_name) + namelen, 8);
		if (used + reclen > size)
			return used ? (ssize_t)used : -EINVAL;
		struct linux_dirent64 *d = (void *)((char *)buf + used);
		d->d_ino = de.ino;
		d->d_off = (s64)de.next;
		d->d_reclen = (u16)reclen;
		d->d_type = de.type;
		memcpy(d->d_name, de.name, namelen);
		/* Padding bytes go to user space too: no stale kernel data. */
		memset(d->d_name + namelen, 0,
		       reclen - offsetof(struct linux_dirent64, d_name) -
			       namelen);
		used += reclen;
		*pos = de.next;
	}
	return (ssize_t)used;
}

static long sys_getdents64(int fd, void __user *dirp, size_t count)
{
	struct iov_iter to;
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	if (!f->f_op->getdents64) {
		fput(f);
		return -ENOTDIR;
	}
	iov_iter_init_buf(&to, true, dirp, count);
	mutex_lock(&f->f_pos_lock);
	ret = f->f_op->getdents64(f, &to);
	mutex_unlock(&f->f_pos_lock);
	fput(f);
	return ret;
}
SYSCALL(__NR_getdents64, sys_getdents64);
