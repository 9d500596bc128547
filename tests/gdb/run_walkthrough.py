#!/usr/bin/env python3
"""run_walkthrough.py - run scripts/gdb/walkthrough.gdb and check what the
kernel did, as the fl-* helpers show it.

GDB runs in batch mode with QEMU as its child (`target remote | exec
qemu ... -S -gdb stdio`: no ports, no start-up race), booting an ISO made
here with init=/bin/demo_seed. The walkthrough stops in do_swap_page
three times (user/demo_seed.c); the checks read the raw PTE values the
helpers print and decode them again (scripts/gdb/faultline.py's pure
decoders), so they hold or fail on the bits the kernel wrote, never on a
string that is always printed:

  - at each entry, vmf->orig_pte is a swap entry (not none, not present);
  - swap-in 1 (the child reads the page it shares with its parent): the
    swap PTE is not exclusive, the VMA has VM_WRITE but its vm_page_prot
    has no RW, and the PTE installed is present and NOT writable - COW
    survives the swap;
  - swap-in 2 (the parent reads it): found in the swap cache (no second
    disk read), and read-only too;
  - swap-in 3 (the parent's own page, pushed out again): the swap PTE is
    exclusive and the PTE installed is writable;
  - the demo ends with exit status 0 (every process saw its own data);
  - every PTE the kernel's explain trace (trace=swap) decodes on the
    serial console reads exactly as the helpers' decoder has it: one
    wording for both (docs/pte-format.txt).

    run_walkthrough(build, qemu) -> [(name, status, details)]
    python3 tests/gdb/run_walkthrough.py [BUILD]     # prints the results

GDB's output is kept in BUILD/logs/walkthrough.gdb.log, the serial
console in BUILD/logs/walkthrough-serial.log.
"""
import hashlib
import importlib.util
import os
import re
import shlex
import signal
import subprocess
import sys
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TIMEOUT_S = 180         # a run takes ~5 s under TCG; the bound catches hangs
# trace=swap: the kernel narrates each swap-in on the serial console, in
# the PTE wording the helpers share (docs/pte-format.txt).
CMDLINE = 'ktest=none init=/bin/demo_seed trace=swap'
DEFAULT_QEMU = ('qemu-system-x86_64 -machine pc -cpu max -m 128M -boot d '
                '-display none -no-reboot '
                '-device isa-debug-exit,iobase=0xf4,iosize=0x04')

Result = Tuple[str, str, List[str]]


def _load_faultline():
    path = os.path.join(ROOT, 'scripts', 'gdb', 'faultline.py')
    spec = importlib.util.spec_from_file_location('faultline', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fl = _load_faultline()

# ---- building the ISO ----


def _run(cmd: List[str]) -> None:
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def build_iso(build: str) -> str:
    """An ISO booting BUILD/kernel.elf with the demos in its initramfs and
    init=/bin/demo_seed; rebuilt only when an input changes."""
    _run(['make', '--no-print-directory', '-f', 'user/demo.mk',
          'BUILD=' + build, 'demos'])
    out = os.path.join(build, 'walkthrough')
    os.makedirs(out, exist_ok=True)
    demos = sorted(f for f in os.listdir(os.path.join(build, 'user'))
                   if f.startswith('demo_'))
    # The module's name must start with "initramfs" (kernel/initramfs.c).
    cpio = os.path.join(out, 'initramfs.cpio')
    _run([sys.executable, 'scripts/mkinitramfs.py', cpio] +
         ['/bin/%s=%s' % (d, os.path.join(build, 'user', d)) for d in demos])
    kernel = os.path.join(build, 'kernel.elf')
    key = hashlib.sha256(CMDLINE.encode())
    for path in (kernel, cpio):
        with open(path, 'rb') as f:
            key.update(f.read())
    iso, stamp = os.path.join(out, 'walkthrough.iso'), \
        os.path.join(out, 'walkthrough.iso.key')
    if os.path.exists(iso) and os.path.exists(stamp) and \
            open(stamp).read() == key.hexdigest():
        return iso
    _run(['scripts/mkiso.sh', kernel, iso, CMDLINE, cpio])
    with open(stamp, 'w') as f:
        f.write(key.hexdigest())
    return iso


# ---- running GDB ----


def run_gdb(build: str, qemu: str, iso: str, serial_log: str) -> str:
    """GDB's whole output (stdout and stderr) for the walkthrough."""
    swap = os.path.join(build, 'swap.img')
    child = '%s -cdrom %s -drive file=%s,format=raw,if=ide,index=0,' \
        'snapshot=on -S -gdb stdio -serial file:%s' % (
            qemu, shlex.quote(iso), shlex.quote(swap),
            shlex.quote(serial_log))
    cmd = ['gdb', '-batch', '-nx', '-x', 'scripts/gdb/gdbinit',
           '-ex', 'file ' + os.path.join(build, 'kernel.elf'),
           '-ex', 'target remote | exec ' + child,
           '-x', 'scripts/gdb/walkthrough.gdb']
    # Own session: on a timeout GDB and its QEMU are killed together.
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=TIMEOUT_S)
        text = out.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        text = out.decode('utf-8', 'replace') + \
            '\nrun_walkthrough: killed after %d s\n' % TIMEOUT_S
    return text


# ---- reading the helpers' output ----

HEADER = re.compile(r'^=== swap-in (\d+): pid (\d+) \((.*?)\), (read|write) '
                    r'fault at 0x([0-9a-f]+)$', re.M)
PTE_LINE = re.compile(r'^pte 0x([0-9a-f]{16}): (.*)$', re.M)
WALK_PTE = re.compile(r'^  pte\[\s*\d+\] 0x([0-9a-f]{16}): (.*)$', re.M)
VM_FLAGS = re.compile(r'^    vm_flags 0x([0-9a-f]+):', re.M)
VM_PROT = re.compile(r'^    vm_page_prot 0x([0-9a-f]{16}):', re.M)
INSTALLED = '--- the PTE installed'
SWAP_CACHE = re.compile(r'^  swap cache: (page pfn|no page)', re.M)


def parse(text: str) -> List[Dict]:
    """One dict per '=== swap-in N' section: the values the helpers
    printed (raw numbers), None where a line is missing."""
    heads = list(HEADER.finditer(text))
    sections = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = text[h.end():end]
        entry = PTE_LINE.search(body)
        after = body.split(INSTALLED, 1)
        installed = PTE_LINE.search(after[1]) if len(after) == 2 else None
        walked = WALK_PTE.search(body)
        flags, prot = VM_FLAGS.search(body), VM_PROT.search(body)
        cache = SWAP_CACHE.search(body)
        sections.append({
            'n': int(h.group(1)), 'pid': int(h.group(2)),
            'comm': h.group(3), 'kind': h.group(4),
            'address': int(h.group(5), 16),
            'entry': _num(entry), 'entry_text': _text(entry),
            'installed': _num(installed),
            'walked': _num(walked), 'walked_text': _text(walked),
            'vm_flags': _num(flags), 'vm_page_prot': _num(prot),
            'cached_at_entry': cache.group(1) == 'page pfn'
            if cache else None,
        })
    return sections


def _num(m) -> Optional[int]:
    return int(m.group(1), 16) if m else None


def _text(m) -> Optional[str]:
    return m.group(2) if m else None


# ---- the checks ----


def _fmt(v: Optional[int]) -> str:
    return 'missing' if v is None else fl.format_pte(v)


def check_entry_is_swap(s: Dict) -> List[str]:
    """vmf->orig_pte at do_swap_page's entry is a swap entry, and the
    helper's wording is the decoder's."""
    v = s['entry']
    if v is None:
        return ['no "pte 0x...:" line for vmf->orig_pte']
    why = []
    if not fl.is_swap_pte(v):
        why.append('vmf->orig_pte is not a swap entry: ' + _fmt(v))
    if s['entry_text'] != fl.decode_pte(v):
        why.append('fl-pte printed "%s", the decoder says "%s"'
                   % (s['entry_text'], fl.decode_pte(v)))
    return why


def check_installed(s: Dict, want_writable: bool) -> List[str]:
    """The PTE do_swap_page installed (vmf->pte after set_pte, and the
    page-table walk after the fault) is present, writable or not."""
    why = []
    for what, v in (('*vmf->pte after set_pte', s['installed']),
                    ('the walk after the fault', s['walked'])):
        if v is None:
            why.append('%s: not printed' % what)
        elif not v & fl._PAGE_PRESENT:
            why.append('%s is not present: %s' % (what, _fmt(v)))
        elif fl.pte_writable(v) != want_writable:
            why.append('%s is %s: %s' % (
                what, 'writable' if fl.pte_writable(v) else 'read-only',
                _fmt(v)))
    return why


def check_cow_vma(s: Dict) -> List[str]:
    """The VMA allows writing (VM_WRITE) but its vm_page_prot does not:
    the read-only PTE comes from the VMA, not from a lost bit."""
    flags, prot = s['vm_flags'], s['vm_page_prot']
    if flags is None or prot is None:
        return ['fl-vma printed no vm_flags / vm_page_prot']
    why = []
    if not flags & fl.VM_WRITE or not fl.is_cow_mapping(flags):
        why.append('the VMA is not a private writable (COW) area: '
                   'vm_flags ' + fl.decode_vm_flags(flags))
    if prot & fl._PAGE_RW:
        why.append('vm_page_prot of a private writable area has RW: '
                   + fl.decode_prot(prot))
    return why


def check_tasks_and_vmas(text: str) -> List[str]:
    """At swap-in 3 (the child is gone): fl-tasks lists swapper and marks
    the parent, pid 1, as running; fl-vmas shows its stack and the demo's
    page, a private writable area."""
    tour = text.split("=== the tasks, and the parent's address space", 1)
    if len(tour) != 2:
        return ['the walkthrough did not reach fl-tasks / fl-vmas']
    why = []
    if not re.search(r'^\*\s+1 demo_seed\s', tour[1], re.M):
        why.append('fl-tasks does not mark pid 1 (demo_seed) as current')
    if not re.search(r'^ \s+0 swapper\s', tour[1], re.M):
        why.append('fl-tasks does not list swapper, pid 0')
    if not re.search(r'^7ffffffdf000-7ffffffff000 rw-p \[stack\]$', tour[1],
                     re.M):
        why.append('fl-vmas shows no [stack] area')
    if not re.search(r'^7effffffe000-7efffffff000 rw-p$', tour[1], re.M):
        why.append('fl-vmas does not show the demo\'s page')
    return why


# "old PTE 0x7fffffffffffc00 = swap entry type 0 offset 0x1; slot ..."
# "-> 0x8000000000287025 = pfn 0x287 P US A NX"
TRACE_PTE = re.compile(r'(0x[0-9a-f]+) = ((?:pfn|swap entry|none)[^;\n]*)')


def check_trace_wording(serial: str) -> List[str]:
    """The kernel's pte_describe() and the helpers' decode_pte() print
    the same words for every PTE the trace shows."""
    found = TRACE_PTE.findall(serial)
    if not found:
        return ['no "0x... = <decoded PTE>" line in the serial log '
                '(trace=swap on?)']
    return ['kernel trace: %s = %s; helpers: %s' % (v, text,
                                                   fl.decode_pte(int(v, 16)))
            for v, text in found
            if text.rstrip() != fl.decode_pte(int(v, 16))]


def judge(text: str, serial: str) -> List[Result]:
    sections = {s['n']: s for s in parse(text)}
    results = []

    def add(name, why, extra=()):
        results.append(('gdb:walkthrough:' + name, 'fail' if why else 'ok',
                         list(why) + (list(extra) if why else [])))

    missing = [n for n in (1, 2, 3) if n not in sections]
    add('stops_in_do_swap_page_three_times',
        ['no "=== swap-in %d" section' % n for n in missing],
        ['last lines of GDB output:'] +
        ['    ' + l for l in text.strip().splitlines()[-15:]])
    for n, s in sorted(sections.items()):
        add('swapin_%d_fault_finds_a_swap_entry' % n,
            check_entry_is_swap(s))
    if 1 in sections:
        s = sections[1]
        why = check_cow_vma(s) + check_installed(s, want_writable=False)
        if s['entry'] is not None and s['entry'] & fl._PAGE_SWP_EXCLUSIVE:
            why.append('the swap PTE of a page two processes mapped is '
                       'exclusive: ' + _fmt(s['entry']))
        add('shared_cow_page_swaps_in_read_only', why)
    if 2 in sections:
        s = sections[2]
        why = check_installed(s, want_writable=False)
        if s['cached_at_entry'] is not True:
            why.append('the second mapper\'s fault did not find the page '
                       'in the swap cache (fl-swap at entry)')
        add('second_mapper_swaps_in_from_cache_read_only', why)
    if 3 in sections:
        s = sections[3]
        why = check_installed(s, want_writable=True)
        if s['entry'] is None or not s['entry'] & fl._PAGE_SWP_EXCLUSIVE:
            why.append('the swap PTE is not exclusive: ' + _fmt(s['entry']))
        add('exclusive_page_swaps_in_writable', why)
    add('helpers_list_tasks_and_vmas', check_tasks_and_vmas(text))
    add('kernel_trace_and_helpers_decode_ptes_alike',
        check_trace_wording(serial))
    exited = re.search(r'init: exited with status (\d+)', serial)
    add('demo_seed_exits_0',
        [] if exited and exited.group(1) == '0' else
        ['serial log: ' + (exited.group(0) if exited else
                           'no "init: exited" line')],
        ['last serial lines:'] +
        ['    ' + l for l in serial.strip().splitlines()[-8:]])
    return results


def run_walkthrough(build: str = 'build',
                    qemu: str = DEFAULT_QEMU) -> List[Result]:
    """Build, boot under GDB, run the walkthrough, check it."""
    logs = os.path.join(build, 'logs')
    os.makedirs(logs, exist_ok=True)
    try:
        iso = build_iso(build)
    except (subprocess.CalledProcessError, OSError) as e:
        err = getattr(e, 'stderr', b'') or b''
        return [('gdb:walkthrough:builds', 'fail',
                 [str(e)] + err.decode('utf-8', 'replace').splitlines()[-8:])]
    serial_log = os.path.abspath(os.path.join(logs,
                                              'walkthrough-serial.log'))
    if os.path.exists(serial_log):
        os.unlink(serial_log)
    text = run_gdb(build, qemu, iso, serial_log)
    with open(os.path.join(logs, 'walkthrough.gdb.log'), 'w') as f:
        f.write(text)
    serial = ''
    if os.path.exists(serial_log):
        with open(serial_log, errors='replace') as f:
            serial = f.read()
    return judge(text, serial)


def main() -> int:
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    failed = 0
    for name, status, details in run_walkthrough(build):
        print('%-4s %s' % (status, name))
        for d in details:
            print('     ' + d)
        failed += status == 'fail'
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
