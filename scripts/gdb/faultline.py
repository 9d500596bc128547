"""faultline GDB helpers (source'd by scripts/gdb/gdbinit).

Commands are prefixed fl-, like Linux's lx- helpers; `help fl-...` for each:

  fl-pte VALUE          decode a PTE value: present, PROT_NONE, swap entry
  fl-pt ADDR [PID]      walk the page table for ADDR, every level
  fl-vmas [PID]         a task's VMAs, /proc/pid/maps style, flags decoded
  fl-vma EXPR           one VMA (a struct vm_area_struct *)
  fl-page ADDR_OR_PFN   struct page: counts, flags, swap entry, rmap chain
  fl-swap TYPE OFFSET   a swap slot: swap_map count, swap-cache page
  fl-tasks              every task: pid, comm, state, mm, stack, parent
  fl-break-line [-t] FILE TEXT  break at the first code line with TEXT
  fl-decode-pf ERRCODE  decode a page-fault error code
  $fl_current()         the running task (struct task_struct *)

They read the kernel's own structures through its symbols and debug
types (field names, enum pageflags, array lengths), so they follow the
code. Bit positions are hardware or ABI facts and live in the tables
below; tests/gdb/test_decode.py checks them against the C headers.

The decoders above the "GDB commands" line need no GDB: plain python3
imports this file for the unit tests.

PTE FORMAT - the words the kernel's explain trace prints for a PTE
(pte_describe() in kernel/trace.c, e.g. "old PTE 0x... = <decoded>") and
that fl-pte prints after "pte 0x<value, 16 hex digits>: ".
docs/pte-format.txt has the same text and the test vectors.

  <decoded> is exactly one of:

    none                                      the value is 0
    pfn 0x<hex> <flags>                       bit 0 (P) set
    pfn 0x<hex> PROT_NONE <flags>             P clear, bit 8 set
    swap entry type <dec> offset 0x<hex><swapbits>   any other value

  <flags>  the names of the set bits, lowest bit first, one space apart:
           P RW US PWT PCD A D PS G NX (bits 0-8 and 63). In a PROT_NONE
           PTE bit 8 is the marker (_PAGE_PROTNONE = _PAGE_GLOBAL) and
           is still named G.
  <swapbits> " exclusive" if bit 3 (E) is set, then " softdirty" if bit 1
           (S) is set. The offset is stored inverted in bits 9-58; the
           printed offset is the real one (mm/swapops.h).
  Any set bit that the form does not name (present: bits 9-11 and 52-62;
  swap: bits 2 and 4-7) is added at the end as " other 0x<mask>".
  Hex numbers are lowercase with 0x, without leading zeros.
  (" softdirty" and " other" never appear for PTEs a correct faultline
  makes; pte_describe does not print them yet - see pte-format.txt.)

  pte 0x8000000001234067: pfn 0x1234 P RW US A D NX
  pte 0x8000000001234025: pfn 0x1234 P US A NX
  pte 0x0000000001234120: pfn 0x1234 PROT_NONE A G
  pte 0x07fffffffffffc08: swap entry type 0 offset 0x1 exclusive
  pte 0x0000000000000000: none
"""

try:
    import gdb
    gdb.Command     # not GDB's: a directory named gdb/ (tests/gdb) on the path
except (ImportError, AttributeError):   # plain python3: the decoders only
    gdb = None

# ---- hardware and ABI facts (checked against the headers by the tests) --

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
PAGE_OFFSET = 0xffff888000000000        # mm/mm.h: the direct map
KERNEL_VMA = 0xffffffff80000000         # mm/mm.h: the kernel image
PTE_PFN_MASK = 0x000ffffffffff000       # mm/pgtable.h
PTRS_PER_TABLE = 512
U64 = (1 << 64) - 1

# mm/pgtable.h: _PAGE_* bit numbers and the names the format uses.
PTE_BITS = [(0, 'P'), (1, 'RW'), (2, 'US'), (3, 'PWT'), (4, 'PCD'),
            (5, 'A'), (6, 'D'), (7, 'PS'), (8, 'G'), (63, 'NX')]
_PAGE_PRESENT = 1 << 0
_PAGE_RW = 1 << 1
_PAGE_PSE = 1 << 7
_PAGE_PROTNONE = 1 << 8                 # = _PAGE_GLOBAL, when P is clear

# mm/swapops.h: the swap PTE.
SWP_TYPE_FIRST_BIT = 59
SWP_OFFSET_FIRST_BIT = 9
SWP_OFFSET_BITS = SWP_TYPE_FIRST_BIT - SWP_OFFSET_FIRST_BIT
SWP_OFFSET_PTE_MASK = ((1 << SWP_OFFSET_BITS) - 1) << SWP_OFFSET_FIRST_BIT
_PAGE_SWP_EXCLUSIVE = 1 << 3
_PAGE_SWP_SOFT_DIRTY = 1 << 1

# mm/swap.h: swp_entry_t.val packing (page->private of a swap-cache page)
# and the swap_map byte.
SWP_TYPE_SHIFT = 63 - 5
SWP_OFFSET_MASK = (1 << SWP_TYPE_SHIFT) - 1
SWAP_HAS_CACHE = 0x40
SWAP_MAP_BAD = 0x3f
SWAP_COUNT_MASK = 0x3f

# mm/vma.h: vm_flags, Linux's values.
VM_BITS = [(0x001, 'VM_READ'), (0x002, 'VM_WRITE'), (0x004, 'VM_EXEC'),
           (0x008, 'VM_SHARED'), (0x010, 'VM_MAYREAD'),
           (0x020, 'VM_MAYWRITE'), (0x040, 'VM_MAYEXEC'),
           (0x080, 'VM_MAYSHARE'), (0x100, 'VM_GROWSDOWN')]
VM_READ, VM_WRITE, VM_EXEC, VM_SHARED = 0x1, 0x2, 0x4, 0x8
VM_MAYWRITE = 0x20

# mm/mm.h enum pageflags. GDB reads the enum from the kernel itself;
# this copy is for plain python3 and is checked against the header.
PAGE_FLAGS = [(0, 'locked'), (1, 'referenced'), (2, 'dirty'),
              (3, 'reserved'), (4, 'anon'), (5, 'swapcache'), (6, 'slab'),
              (7, 'large_kmalloc'), (8, 'buddy'), (9, 'lru')]

LEVELS = ['pgd', 'pud', 'pmd', 'pte']
LEVEL_SHIFTS = [39, 30, 21, 12]


def _hex(v):
    return '0x%x' % v


# ---- PTE decoding (the format above) ----

def pte_flag_names(v):
    """Names of the set flag bits of an entry, lowest first."""
    return [name for bit, name in PTE_BITS if v & (1 << bit)]


def _named_pte_bits():
    mask = 0
    for bit, _ in PTE_BITS:
        mask |= 1 << bit
    return mask


def _other(v, known):
    rest = v & ~known & U64
    return ' other ' + _hex(rest) if rest else ''


def pte_pfn(v):
    return (v & PTE_PFN_MASK) >> PAGE_SHIFT


def swp_entry_to_pte(swp_type, offset, exclusive=False, soft_dirty=False):
    """The swap PTE for (type, offset), as mm/swapops.h builds it."""
    v = (swp_type << SWP_TYPE_FIRST_BIT) & U64
    v |= ((~offset) << SWP_OFFSET_FIRST_BIT) & SWP_OFFSET_PTE_MASK
    if exclusive:
        v |= _PAGE_SWP_EXCLUSIVE
    if soft_dirty:
        v |= _PAGE_SWP_SOFT_DIRTY
    return v


def pte_to_swp(v):
    """(type, offset) of a swap PTE, as pte_to_swp_entry() reads it."""
    swp_type = v >> SWP_TYPE_FIRST_BIT
    offset = (~v & SWP_OFFSET_PTE_MASK) >> SWP_OFFSET_FIRST_BIT
    return swp_type, offset


def is_swap_pte(v):
    return v != 0 and not v & (_PAGE_PRESENT | _PAGE_PROTNONE)


def decode_pte(v):
    """The <decoded> part of the PTE format for the 64-bit value v."""
    v &= U64
    if v == 0:
        return 'none'
    if v & (_PAGE_PRESENT | _PAGE_PROTNONE):
        marker = '' if v & _PAGE_PRESENT else ' PROT_NONE'
        known = PTE_PFN_MASK | _named_pte_bits()
        return 'pfn %s%s %s%s' % (_hex(pte_pfn(v)), marker,
                                  ' '.join(pte_flag_names(v)),
                                  _other(v, known))
    swp_type, offset = pte_to_swp(v)
    s = 'swap entry type %d offset %s' % (swp_type, _hex(offset))
    if v & _PAGE_SWP_EXCLUSIVE:
        s += ' exclusive'
    if v & _PAGE_SWP_SOFT_DIRTY:
        s += ' softdirty'
    known = (U64 << SWP_TYPE_FIRST_BIT) & U64 | SWP_OFFSET_PTE_MASK | \
        _PAGE_SWP_EXCLUSIVE | _PAGE_SWP_SOFT_DIRTY
    return s + _other(v, known)


def format_pte(v):
    """One line of the PTE format: 'pte 0x...: <decoded>'."""
    return 'pte 0x%016x: %s' % (v & U64, decode_pte(v))


def pte_writable(v):
    """Would the CPU allow a write through this PTE (alone)?"""
    return bool(v & _PAGE_PRESENT) and bool(v & _PAGE_RW)


def decode_table_entry(v):
    """An entry of a PGD, PUD or PMD (never a swap entry here)."""
    if v == 0:
        return 'none'
    if not v & _PAGE_PRESENT:
        return 'not present ' + _hex(v)
    kind = 'huge' if v & _PAGE_PSE else 'table'
    return '%s pfn %s %s' % (kind, _hex(pte_pfn(v)),
                             ' '.join(pte_flag_names(v)))


def decode_prot(v):
    """A pgprot_t (vm_page_prot): its flag names, e.g. 'P US A NX' (the
    kernel's pgprot_describe)."""
    names = pte_flag_names(v)
    if not names:
        return '(no access)'
    return ' '.join(names) + _other(v, _named_pte_bits())


def va_index(addr, level):
    """The index of addr in the table of level 0 (PGD) .. 3 (PTE)."""
    return (addr >> LEVEL_SHIFTS[level]) & (PTRS_PER_TABLE - 1)


# ---- VMAs, pages, swap slots ----

def decode_vm_flags(flags):
    """'VM_READ|VM_WRITE|...', as the kernel's vm_flags_describe."""
    names = [n for bit, n in VM_BITS if flags & bit]
    known = 0
    for bit, _ in VM_BITS:
        known |= bit
    return '|'.join(names) + _other(flags, known)


def vma_perms(flags):
    """/proc/pid/maps' 'rwxp' column."""
    return ''.join([
        'r' if flags & VM_READ else '-',
        'w' if flags & VM_WRITE else '-',
        'x' if flags & VM_EXEC else '-',
        's' if flags & VM_SHARED else 'p'])


def is_cow_mapping(flags):
    return flags & (VM_SHARED | VM_MAYWRITE) == VM_MAYWRITE


def decode_page_flags(flags, table=None):
    """'anon swapcache lru' for page->flags (table: (bit, name) pairs)."""
    table = PAGE_FLAGS if table is None else table
    names = [n for bit, n in table if flags & (1 << bit)]
    known = 0
    for bit, _ in table:
        known |= 1 << bit
    return ' '.join(names) + _other(flags, known) if names or flags \
        else '(none)'


def swp_entry_val(swp_type, offset):
    """swp_entry(type, offset).val (mm/swap.h)."""
    return (swp_type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK)


def swp_entry_decode(val):
    """(type, offset) of a swp_entry_t.val."""
    return val >> SWP_TYPE_SHIFT, val & SWP_OFFSET_MASK


def decode_swap_map(byte):
    """What one swap_map byte says."""
    if byte == 0:
        return 'free'
    if byte == SWAP_MAP_BAD:
        return 'bad (SWAP_MAP_BAD: the header or a bad page, never used)'
    s = 'count %d' % (byte & SWAP_COUNT_MASK)
    if byte & SWAP_HAS_CACHE:
        s += ', SWAP_HAS_CACHE'
    return s + _other(byte, SWAP_COUNT_MASK | SWAP_HAS_CACHE)


def find_code_line(lines, text):
    """1-based number of the first line containing text that is code,
    not a comment line (one starting with /*, * or //)."""
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if text in line and not stripped.startswith(('/*', '*', '//')):
            return n
    return None


# ======================= GDB commands (need gdb) =========================

_Command = gdb.Command if gdb else object
_Function = gdb.Function if gdb else object


def _int(value):
    """A gdb.Value (pointer, integer, pte_t-like struct) as a Python int."""
    t = value.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_STRUCT:
        fields = t.fields()
        if len(fields) != 1:
            raise gdb.GdbError('expected an integer, got ' + str(t))
        return _int(value[fields[0].name])
    if t.code == gdb.TYPE_CODE_PTR:
        return int(value.cast(gdb.lookup_type('unsigned long'))) & U64
    return int(value) & U64


def _eval_int(expr):
    return _int(gdb.parse_and_eval(expr))


def _read_u64(addr):
    mem = gdb.selected_inferior().read_memory(addr, 8)
    return int.from_bytes(bytes(mem), 'little')


def _static(name, file_suffix):
    """A file-static variable (several files may have one of that name)."""
    for sym in gdb.lookup_static_symbols(name):
        if sym.symtab and sym.symtab.filename.endswith(file_suffix):
            return sym.value()
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None:
        raise gdb.GdbError('no symbol %s (in %s)' % (name, file_suffix))
    return sym.value()


def _ptr(type_name):
    return gdb.lookup_type(type_name).pointer()


def _container_of(list_ptr, type_name, member):
    """list_entry(): the object holding the list_head at list_ptr."""
    offset = gdb.lookup_type(type_name)[member].bitpos // 8
    return gdb.Value(_int(list_ptr) - offset).cast(_ptr(type_name))


def _list_entries(head, type_name, member):
    """The objects on a list headed by the struct list_head value head."""
    head_addr = int(head.address)
    node = head['next']
    while _int(node) != head_addr:
        yield _container_of(node, type_name, member)
        node = node['next']


def current_task():
    """The running task (kernel/sched.c's cur), or None before sched_init."""
    cur = _static('cur', 'kernel/sched.c')
    return cur if _int(cur) else None


def all_tasks():
    """swapper (pid 0), then every task on kernel/fork.c's all_tasks."""
    tasks = [_static('swapper', 'kernel/sched.c').address]
    tasks += list(_list_entries(_static('all_tasks', 'kernel/fork.c'),
                                'struct task_struct', 'tasks'))
    return tasks


def find_task(pid):
    for t in all_tasks():
        if int(t['pid']) == pid:
            return t
    raise gdb.GdbError('no task with pid %d' % pid)


def task_name(t):
    return 'pid %d (%s)' % (int(t['pid']), t['comm'].string())


def task_of_mm(mm_addr):
    for t in all_tasks():
        if _int(t['mm']) == mm_addr:
            return t
    return None


def _task_arg(arg):
    """The task named by a PID argument, or the current one."""
    if arg.strip():
        return find_task(_eval_int(arg))
    t = current_task()
    if t is None:
        raise gdb.GdbError('no current task yet (before sched_init)')
    return t


def _task_mm(t):
    if not _int(t['mm']):
        raise gdb.GdbError('%s has no user address space (mm is NULL)'
                           % task_name(t))
    return t['mm']


def _page_flag_table():
    """enum pageflags as the kernel defines it: [(bit, 'anon'), ...]."""
    try:
        fields = gdb.lookup_type('enum pageflags').fields()
    except gdb.error:
        return PAGE_FLAGS
    return [(f.enumval, f.name[3:].lower()) for f in fields
            if f.name.startswith('PG_')]


def _mem_map():
    """(first struct page, number of pages) of mm/page_alloc.c's mem_map."""
    return _static('mem_map', 'mm/page_alloc.c'), \
        int(_static('max_pfn', 'mm/page_alloc.c'))


def pfn_to_page(pfn):
    mem_map, max_pfn = _mem_map()
    if pfn >= max_pfn:
        raise gdb.GdbError('pfn %s is beyond mem_map (max_pfn %s)'
                           % (_hex(pfn), _hex(max_pfn)))
    return mem_map + pfn


def page_to_pfn(page):
    mem_map, _ = _mem_map()
    return (_int(page) - _int(mem_map)) // mem_map.dereference().type.sizeof


class FlPte(_Command):
    """fl-pte VALUE: decode a page-table entry value.

VALUE is any expression: a number, a pte_t (vmf->orig_pte), or a pointer
to one (vmf->pte). Prints the line the kernel's trace prints for it
(docs/pte-format.txt), e.g.
  pte 0x8000000001234025: pfn 0x1234 P US A NX
  pte 0x07fffffffffffc08: swap entry type 0 offset 0x1 exclusive"""

    def __init__(self):
        super().__init__('fl-pte', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        value = gdb.parse_and_eval(arg)
        t = value.type.strip_typedefs()
        if t.code == gdb.TYPE_CODE_PTR and \
                t.target().strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
            value = value.dereference()
        gdb.write(format_pte(_int(value)) + '\n')


def _read_phys_u64(pa):
    """8 bytes of physical memory, read through the direct map as the
    kernel does; before mm_init builds it, through the boot tables'
    mapping of low memory at KERNEL_VMA."""
    try:
        return _read_u64(PAGE_OFFSET + pa)
    except gdb.MemoryError:
        pass
    try:
        return _read_u64(KERNEL_VMA + pa)
    except gdb.MemoryError:
        raise gdb.GdbError('cannot read physical 0x%x: not in the direct '
                           'map (before mm_init?) nor the kernel image '
                           'mapping' % pa)


def walk(pgd_pa, addr):
    """[(level name, index, entry physical address, value)] from the PGD
    down to the PTE or the first level that maps nothing further."""
    rows = []
    table = pgd_pa
    for level in range(4):
        index = va_index(addr, level)
        entry = table + 8 * index
        v = _read_phys_u64(entry)
        rows.append((LEVELS[level], index, entry, v))
        if level == 3 or not v & _PAGE_PRESENT or v & _PAGE_PSE:
            break
        table = v & PTE_PFN_MASK
    return rows


def _pa(va):
    """__pa(): a direct-map or kernel-image address to physical."""
    return va - KERNEL_VMA if va >= KERNEL_VMA else va - PAGE_OFFSET


def _pgd_of(arg_pid, addr):
    """(pgd physical address, description) for fl-pt: task PID's, the
    current task's, or CR3's. The kernel half is the same in every PGD,
    so a task without an mm still has a walk for a kernel address."""
    t = find_task(arg_pid) if arg_pid is not None else current_task()
    if t is not None and _int(t['mm']):
        return _pa(_int(t['mm']['pgd'])), task_name(t)
    if t is not None and arg_pid is not None and \
            va_index(addr, 0) < PTRS_PER_TABLE // 2:
        _task_mm(t)     # a user address needs the task's own tables
    cr3 = _eval_int('$cr3')
    return cr3 & PTE_PFN_MASK, 'CR3 %s' % _hex(cr3)


def format_walk(rows):
    lines = []
    for name, index, _, v in rows:
        decoded = decode_pte(v) if name == 'pte' else decode_table_entry(v)
        lines.append('  %s[%3d] 0x%016x: %s' % (name, index, v, decoded))
    return lines


class FlPt(_Command):
    """fl-pt ADDR [PID]: walk the 4-level page table for ADDR.

Uses the address space of task PID, else of the current task, else the
page table loaded in CR3. Prints each level's index, raw entry and what
it says; the last line is the PTE in the kernel trace's wording
(docs/pte-format.txt). Tables are read through the direct map
(PAGE_OFFSET + physical address), as the kernel reads them."""

    def __init__(self):
        super().__init__('fl-pt', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if not argv or len(argv) > 2:
            raise gdb.GdbError('usage: fl-pt ADDR [PID]')
        addr = _eval_int(argv[0])
        pid = _eval_int(argv[1]) if len(argv) == 2 else None
        pgd, who = _pgd_of(pid, addr)
        gdb.write('fl-pt 0x%016x in %s, pgd 0x%x (pa 0x%x)\n'
                  % (addr, who, PAGE_OFFSET + pgd, pgd))
        for line in format_walk(walk(pgd, addr)):
            gdb.write(line + '\n')


def _vma_lines(vma):
    flags = _int(vma['vm_flags'])
    prot = _int(vma['vm_page_prot'])
    name = vma['vm_name'].string() if _int(vma['vm_name']) else ''
    if not name and _int(vma['vm_shared']):
        name = '[shared anon]'
    cow = '  (is_cow_mapping: private, VM_MAYWRITE)' \
        if is_cow_mapping(flags) else ''
    return [('%012x-%012x %s %s' % (_int(vma['vm_start']),
                                    _int(vma['vm_end']), vma_perms(flags),
                                    name)).rstrip(),
            '    vm_flags 0x%x: %s%s' % (flags, decode_vm_flags(flags), cow),
            '    vm_page_prot 0x%016x: %s' % (prot, decode_prot(prot))]


class FlVmas(_Command):
    """fl-vmas [PID]: the VMAs of task PID (default: the current task).

One per area, like /proc/PID/maps (start-end rwxp name), then vm_flags
and vm_page_prot decoded. The PTE of every page the kernel maps in an
area is built from its vm_page_prot: a private writable area (a COW
mapping) has VM_WRITE in vm_flags but no RW in vm_page_prot."""

    def __init__(self):
        super().__init__('fl-vmas', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        t = _task_arg(arg)
        mm = _task_mm(t)
        vmas = list(_list_entries(mm['mmap'], 'struct vm_area_struct',
                                  'vm_list'))
        gdb.write('%s mm 0x%x: %d VMAs\n' % (task_name(t), _int(mm),
                                             len(vmas)))
        for vma in vmas:
            gdb.write('\n'.join(_vma_lines(vma)) + '\n')


class FlVma(_Command):
    """fl-vma EXPR: one VMA (a struct vm_area_struct *), decoded.

E.g. `fl-vma vmf->vma` in do_swap_page; printed as fl-vmas does."""

    def __init__(self):
        super().__init__('fl-vma', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        vma = gdb.parse_and_eval(arg)
        if vma.type.strip_typedefs().code != gdb.TYPE_CODE_PTR:
            vma = vma.address
        vma = vma.cast(_ptr('struct vm_area_struct'))
        gdb.write('\n'.join(_vma_lines(vma)) + '\n')


def _page_of(value):
    """struct page * for a page pointer, a direct-map address or a pfn."""
    t = value.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_PTR and str(t.target().strip_typedefs()) \
            == 'struct page':
        return value
    x = _int(value)
    mem_map, max_pfn = _mem_map()
    size = mem_map.dereference().type.sizeof
    start = _int(mem_map)
    if start <= x < start + max_pfn * size:
        return (mem_map + (x - start) // size)
    if x >= KERNEL_VMA:     # __pa() of the kernel image
        return pfn_to_page((x - KERNEL_VMA) >> PAGE_SHIFT)
    if x >= PAGE_OFFSET:
        return pfn_to_page((x - PAGE_OFFSET) >> PAGE_SHIFT)
    return pfn_to_page(x)


def _rmap_lines(page):
    """One line per (mm, address) on page->mapping's anon_rmap chain,
    with the PTE found there."""
    lines = []
    r = page['mapping'].cast(_ptr('struct anon_rmap'))
    while _int(r):
        mm, addr = _int(r['mm']), _int(r['address'])
        t = task_of_mm(mm)
        who = ' of ' + task_name(t) if t is not None else ''
        pte = walk(_pa(_int(r['mm']['pgd'])), addr)[-1]
        pte_text = format_pte(pte[3]) if pte[0] == 'pte' else 'no PTE table'
        lines.append('  rmap: mm 0x%x%s, address 0x%x: %s'
                     % (mm, who, addr, pte_text))
        r = r['next']
    return lines


class FlPage(_Command):
    """fl-page ADDR_OR_PFN: the struct page of a frame.

The argument is a struct page * (any expression of that type, or an
address inside mem_map), a direct-map or kernel-image address, or a pfn.
Prints _refcount, _mapcount (stored minus one, as in Linux: -1 means no
PTE maps the page), the PG_* flags (read from the kernel's enum
pageflags), the swap entry of a swap-cache page, and the reverse-map
chain: every (mm, address) whose PTE maps the page, with that PTE."""

    def __init__(self):
        super().__init__('fl-page', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        page = _page_of(gdb.parse_and_eval(arg))
        pfn = page_to_pfn(page)
        flags = _int(page['flags'])
        table = _page_flag_table()
        mapcount = int(page['_mapcount'])
        gdb.write('page pfn 0x%x (struct page *)0x%x, page_address 0x%x\n'
                  % (pfn, _int(page), PAGE_OFFSET + (pfn << PAGE_SHIFT)))
        gdb.write('  flags 0x%x: %s\n' % (flags,
                                          decode_page_flags(flags, table)))
        gdb.write('  _refcount %d, _mapcount %d (page_mapcount %d)\n'
                  % (int(page['_refcount']), mapcount, mapcount + 1))
        bits = dict((n, b) for b, n in table)
        if flags & (1 << bits.get('swapcache', 5)):
            val = _int(page['private'])
            swp_type, offset = swp_entry_decode(val)
            gdb.write('  swap cache: entry 0x%x = type %d offset 0x%x\n'
                      % (val, swp_type, offset))
        if flags & (1 << bits.get('anon', 4)):
            for line in _rmap_lines(page):
                gdb.write(line + '\n')


def _swap_area(swp_type):
    areas = _static('swap_info', 'mm/swapfile.c')
    n = areas.type.strip_typedefs().range()[1] + 1
    if not 0 <= swp_type < n or not bool(areas[swp_type]['active']):
        raise gdb.GdbError('swap type %d is not an active area' % swp_type)
    return areas[swp_type]


def swap_cache_page(val):
    """The page the swap cache holds for entry val, or None: walks every
    bucket of mm/swap_state.c's hash, so it needs no copy of the hash."""
    buckets = _static('buckets', 'mm/swap_state.c')
    n = buckets.type.strip_typedefs().range()[1] + 1
    for i in range(n):
        node = buckets[i]
        while _int(node):
            if _int(node['entry']['val']) == val:
                return node['page']
            node = node['next']
    return None


class FlSwap(_Command):
    """fl-swap TYPE OFFSET | fl-swap SWAP_PTE: one swap slot.

Prints the slot's swap_map byte (count = how many swap PTEs name the
slot; SWAP_HAS_CACHE = a page in the swap cache holds its data) and that
page, if the swap cache has one. With one argument it is a swap PTE value
(e.g. vmf->orig_pte), decoded as fl-pte does."""

    def __init__(self):
        super().__init__('fl-swap', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) == 1:
            pte = _eval_int(argv[0])
            if not is_swap_pte(pte):
                raise gdb.GdbError(format_pte(pte) + ' (not a swap entry)')
            swp_type, offset = pte_to_swp(pte)
        elif len(argv) == 2:
            swp_type, offset = _eval_int(argv[0]), _eval_int(argv[1])
        else:
            raise gdb.GdbError('usage: fl-swap TYPE OFFSET | fl-swap PTE')
        si = _swap_area(swp_type)
        if offset >= int(si['max']):
            raise gdb.GdbError('offset 0x%x is beyond the area (max 0x%x)'
                               % (offset, int(si['max'])))
        byte = int(si['swap_map'][offset]) & 0xff
        dev = si['bdev']['name'].string() if _int(si['bdev']) else '?'
        gdb.write('swap entry type %d offset 0x%x (%s): swap_map 0x%02x: '
                  '%s\n'
                  % (swp_type, offset, dev, byte, decode_swap_map(byte)))
        page = swap_cache_page(swp_entry_val(swp_type, offset))
        if page is None:
            gdb.write('  swap cache: no page\n')
        else:
            gdb.write('  swap cache: page pfn 0x%x (struct page *)0x%x, '
                      '_refcount %d, page_mapcount %d\n'
                      % (page_to_pfn(page), _int(page),
                         int(page['_refcount']),
                         int(page['_mapcount']) + 1))


class FlTasks(_Command):
    """fl-tasks: list every task (pid, comm, state, mm, stack, parent).

kstack_top is the top of the task's kernel stack (its saved user
registers sit just below it). The current task (kernel/sched.c's cur)
is marked with *."""

    def __init__(self):
        super().__init__('fl-tasks', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('usage: fl-tasks (no arguments)')
        cur = current_task()
        cur_addr = _int(cur) if cur is not None else 0
        gdb.write('  %4s %-16s %-22s %-18s %-18s %s\n'
                  % ('pid', 'comm', 'state', 'mm', 'kstack_top', 'parent'))
        for t in all_tasks():
            parent = t['parent']
            ppid = str(int(parent['pid'])) if _int(parent) else '-'
            gdb.write('%s %4d %-16s %-22s 0x%-16x 0x%-16x %s\n'
                      % ('*' if _int(t) == cur_addr else ' ',
                         int(t['pid']), t['comm'].string(),
                         str(t['state']), _int(t['mm']),
                         _int(t['kstack_top']), ppid))


class FlBreakLine(_Command):
    """fl-break-line [-t] FILE TEXT: break at a line found by its text.

The first code line of FILE that contains TEXT (comment lines are
skipped), so scripts need no line numbers. -t: a temporary breakpoint,
deleted when it stops. Example:
  fl-break-line mm/swap_in.c mk_pte(page, vma->vm_page_prot)"""

    def __init__(self):
        super().__init__('fl-break-line', gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        temporary = arg.startswith('-t ')
        if temporary:
            arg = arg[3:].strip()
        parts = arg.split(None, 1)
        if len(parts) != 2:
            raise gdb.GdbError('usage: fl-break-line [-t] FILE TEXT')
        name, text = parts
        line = find_code_line(_source_lines(name), text)
        if line is None:
            raise gdb.GdbError('no code line in %s contains "%s"'
                               % (name, text))
        gdb.Breakpoint('%s:%d' % (name, line), temporary=temporary)


def _source_lines(name):
    """The lines of a source file of the program, found as GDB finds it."""
    try:
        symtab = gdb.decode_line(name + ':1')[1][0].symtab
        path = symtab.fullname()
    except (gdb.error, TypeError, IndexError):
        path = name
    with open(path) as f:
        return f.read().splitlines()


class FlCurrent(_Function):
    """$fl_current(): the running task, a struct task_struct *."""

    def __init__(self):
        super().__init__('fl_current')

    def invoke(self):
        t = current_task()
        if t is None:
            raise gdb.GdbError('no current task yet')
        return t


class FlTrapInfo(_Command):
    """fl-decode-pf ERRCODE: decode a page-fault error code (P W U RSVD I)."""

    def __init__(self):
        super().__init__("fl-decode-pf", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        ec = int(gdb.parse_and_eval(arg))
        words = ["protection-violation" if ec & 1 else "not-present",
                 "write" if ec & 2 else "read",
                 "user" if ec & 4 else "kernel"]
        if ec & 8:
            words.append("reserved-bit")
        if ec & 16:
            words.append("instruction-fetch")
        gdb.write(" ".join(words) + "\n")


if gdb is not None:
    for command in (FlPte, FlPt, FlVmas, FlVma, FlPage, FlSwap, FlTasks,
                    FlBreakLine, FlCurrent, FlTrapInfo):
        command()
