"""Boot configurations that `make test` runs (tests/run.py reads BOOTS).

Each boot is one QEMU run of the same machine (the Makefile's
QEMU_MACHINE) with its own kernel command line and disks. Add a boot when a
test needs a different disk or command line; keep each one short.

Fields:
  name     - shown in results as "<name>:<suite>.<test>"
  cmdline  - kernel command line for this boot (make's CMDLINE is appended)
  disks    - list of (image, builder): image is a file name under
             BUILD/images (or "swap.img" for BUILD/swap.img); builder is a
             shell command with {out} for the image path, or None when the
             Makefile builds it. Attached as IDE index 0, 1, ...
             (index 1 is the primary slave; the CD-ROM is secondary master).
  timeout  - seconds before the run counts as a hang
  expect   - "ktap": boot, run the selected suites, power off cleanly;
             "init-exit-0": the program run as init= must exit 0;
             "panic" / "hang" / "reset": the run must end that way (these
             prove the runner notices each failure mode)
  outcomes - for canary boots: {"suite.test": "ok" | "fail" | "skip"} that
             must match exactly, plus optional diagnostics that must appear
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple


@dataclass
class Boot:
    name: str
    cmdline: str = ''
    disks: List[Tuple[str, Optional[str]]] = field(
        default_factory=lambda: [('swap.img', None)])
    timeout: int = 120
    expect: str = 'ktap'
    outcomes: Dict[str, str] = field(default_factory=dict)
    must_print: List[str] = field(default_factory=list)


def swap_header_boot(kind: str, text: str) -> Boot:
    """A swap disk whose mkswap header fails one check of swapon
    (tests/images/mkswapbad.sh KIND): swap stays off, saying why."""
    return Boot(f'swap-{kind}',
                cmdline=f'ktest=swaparea swaptest.expect={kind}',
                disks=[(f'swap-{kind}.img',
                        f'tests/images/mkswapbad.sh {{out}} {kind}')],
                must_print=[f'swap: hda1: not activated: {text} ({kind})'])


BOOTS = [
    # Every suite, the default machine: what `make run` boots. After the
    # user programs, everything they used must be back.
    Boot('main', must_print=['faultline: no leak after the user programs']),

    # Memory capped by mem= (like Linux's): the allocator must never hand
    # out a frame above the cap (pmm.mem_cap_bounds_every_frame).
    Boot('mem64', cmdline='mem=64M ktest=pmm,paging,kheap,fault,cow',
         timeout=60),

    # Disks (tests/kernel/ata.c, partition.c). atatest.drives= says what
    # sits at hda,hdb,hdc,hdd; partest.names= which partitions must appear.
    Boot('ata-lba48',
         cmdline='ktest=ata,partition atatest.drives=ata,ata,atapi,none '
                 'partest.names=hda1',
         disks=[('swap.img', None),
                ('lba48.img', 'tests/images/mklba48.sh {out}')]),
    Boot('no-disk', disks=[],
         cmdline='atatest.drives=none,none,atapi,none swaptest.expect=nodisk',
         must_print=['swap: no disks, swap off']),
    Boot('disk-gpt', disks=[('gpt.img', 'tests/images/mkpart.sh {out} gpt')],
         cmdline='partest.names=hda1,hda2 swaptest.dev=hda2'),
    Boot('disk-mbr-logical',
         disks=[('mbr-logical.img',
                 'tests/images/mkpart.sh {out} mbr-logical')],
         cmdline='partest.names=hda1,hda5,hda6 swaptest.dev=hda6'),
    Boot('disk-two',
         disks=[('mbr-multi.img', 'tests/images/mkpart.sh {out} mbr-multi'),
                ('gpt-b.img', 'tests/images/mkpart.sh {out} gpt')],
         cmdline='atatest.drives=ata,ata,atapi,none '
                 'partest.names=hda1,hda2,hda3,hdb1,hdb2 swaptest.dev=hda3',
         must_print=['swap: hda3: ', 'swap: hdb2: ']),
    Boot('disk-noswap',
         disks=[('mbr-noswap.img', 'tests/images/mkpart.sh {out} mbr-noswap')],
         cmdline='ktest=partition,swaparea partest.names=hda1 '
                 'swaptest.expect=nopartition',
         must_print=['swap: no swap partition on any disk, swap off']),

    # Swap activation (tests/kernel/swaparea.c). A header that fails a
    # check of swapon leaves swap off with one line naming the reason, and
    # the kernel runs on; swaptest.expect= is the reason the suite checks.
    *[swap_header_boot(kind, text) for kind, text in [
        ('badmagic', 'no swap-space signature SWAPSPACE2'),
        ('version', 'unsupported swap header version'),
        ('empty', 'empty swap area (no usable page)'),
        ('toolarge', 'swap area shorter than its header says'),
        ('badpages', 'more bad pages than the header holds'),
        ('badrange', 'a listed bad page is out of range'),
    ]],
    Boot('swap-goodbad', cmdline='ktest=swaparea swaptest.badpages=5,6,100',
         disks=[('swap-goodbad.img',
                 'tests/images/mkswapbad.sh {out} goodbad')],
         must_print=['swap: hda1: 3836 pages (15344 KiB), 3 bad']),
    Boot('swap-noswap', cmdline='ktest=swaparea noswap swaptest.expect=noswap',
         must_print=['swap: off (noswap on the command line)']),
    Boot('swap-named', cmdline='ktest=swaparea swap=hda1'),
    Boot('swap-nodevice',
         cmdline='ktest=swaparea swap=hdb1 swaptest.expect=nodevice',
         must_print=['swap: swap=hdb1: no such block device, swap off']),

    # Memory pressure: RAM capped at 24 MiB, four processes with 16 MiB
    # each (several times RAM) write fixed-seed patterns, and every byte
    # must check out at the end - kswapd and fault-time reclaim push pages
    # to swap and bring them back. The program is init; its exit status is
    # the verdict.
    Boot('pressure', timeout=240, expect='init-exit-0',
         cmdline='mem=24M ktest=none init=/tests/memory_pressure_checksums '
                 'PRESSURE_MIB=64 PRESSURE_PROCS=4',
         must_print=['init: exited with status 0']),

    # Out of memory with no swap: only the process that needs the memory
    # dies (SIGKILL, reason on the console); its parent and the kernel go
    # on. OOM_TEST=1 reaches the program's environment.
    Boot('oom', timeout=120, expect='init-exit-0',
         cmdline='mem=24M noswap ktest=none '
                 'init=/tests/oom_kills_only_the_offender OOM_TEST=1',
         must_print=['SIGKILL', 'out of memory']),

    # The explain trace on: the swap scenarios must read like the answer.
    Boot('trace-swap', cmdline='ktest=swap trace=all', timeout=60,
         must_print=[
             'swap: do_swap_page at 0x10000000: old PTE',
             'the PTE kept no permission bits',
             'this task sleeps until the disk interrupt',
             'new PTE = mk_pte(pfn',
             'RW set: the page is exclusive',
             'RW not set: not exclusive',
             'copy-on-write stays armed',
             'do_wp_page() in this same fault',
             'cow: do_wp_page at 0x10000000',
             'reclaim: ',
         ]),

    # The framework must report each kind of failure (tests/kernel/canary.c).
    Boot('canary', cmdline='ktest=canary', timeout=30, outcomes={
        'canary.expectation_failure_is_reported': 'fail',
        'canary.assertion_failure_aborts': 'fail',
        'canary.assertion_stopped_execution': 'ok',
        'canary.leak_is_detected': 'fail',
        'canary.skip_is_reported': 'skip',
        'canary.passing_test_passes': 'ok',
    }, must_print=[
        'EXPECTATION FAILED at tests/kernel/canary.c:',
        'Expected 1 + 1 == 3, but',
        'ASSERTION FAILED at tests/kernel/canary.c:',
        'leak: canary: 0 before, 1 after (+1)',
        '# SKIP canary skip reason',
    ]),

    # The runner must notice a kernel that panics, hangs or resets.
    Boot('crash-panic', cmdline='ktest=none crashtest=panic', timeout=20,
         expect='panic',
         must_print=['Kernel panic - not syncing: crashtest requested a panic']),
    Boot('crash-bug', cmdline='ktest=none crashtest=bug', timeout=20,
         expect='panic', must_print=['BUG_ON(strcmp(what, "bug") == 0)',
                                     'crashtest+0x']),
    Boot('crash-hang', cmdline='ktest=none crashtest=hang', timeout=5,
         expect='hang'),
    Boot('crash-triple', cmdline='ktest=none crashtest=triple', timeout=20,
         expect='reset'),
]
