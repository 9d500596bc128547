#!/usr/bin/env python3
"""mkinitramfs.py OUT.cpio [DEST=SRC ...] [--extra DIR]

Stage files into a fresh directory (DEST is a path inside the initramfs,
e.g. /init or /tests/fork; SRC a file on the host), add everything under
DIR (EXTRA=dir on the make command line), and pack it with the real
`cpio -o -H newc`. OUT is only rewritten when its content changes, so the
ISO is not rebuilt for nothing. Entries are sorted and mtimes fixed, so
the archive is reproducible.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main() -> int:
    out, args = sys.argv[1], sys.argv[2:]
    extra = None
    if '--extra' in args:
        i = args.index('--extra')
        extra = args[i + 1] if i + 1 < len(args) else ''
        del args[i:i + 2]
    with tempfile.TemporaryDirectory() as root:
        for spec in args:
            dest, src = spec.split('=', 1)
            path = os.path.join(root, dest.lstrip('/'))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            shutil.copy(src, path)
            os.chmod(path, 0o755)
        if extra:
            if not os.path.isdir(extra):
                print(f'mkinitramfs: EXTRA={extra} is not a directory',
                      file=sys.stderr)
                return 1
            shutil.copytree(extra, root, dirs_exist_ok=True)
        names = []
        for d, dirs, files in os.walk(root):
            dirs.sort()
            for n in sorted(dirs) + sorted(files):
                full = os.path.join(d, n)
                os.utime(full, (0, 0), follow_symlinks=False)
                names.append(os.path.relpath(full, root))
        listing = ('\n'.join(sorted(names)) + '\n').encode()
        data = subprocess.run(
            ['cpio', '-o', '-H', 'newc', '--quiet', '--reproducible'],
            input=listing, capture_output=True, cwd=root,
            check=True).stdout
    if os.path.exists(out):
        with open(out, 'rb') as f:
            if f.read() == data:
                return 0
    with open(out, 'wb') as f:
        f.write(data)
    return 0


if __name__ == '__main__':
    sys.exit(main())
