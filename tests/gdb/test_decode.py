#!/usr/bin/env python3
"""test_decode.py - unit tests of the GDB helpers' pure decoders.

scripts/gdb/faultline.py decodes PTEs, swap entries, VMA flags, page flags
and swap_map bytes without GDB; these tests run it with plain python3:

  - known PTE values (present RW / read-only / executable, PROT_NONE,
    swap entries with and without the exclusive bit), and every vector of
    docs/pte-format.txt, the wording the kernel's trace shares;
  - the inverted swap offset: a round trip through the same arithmetic
    as mm/swapops.h, and entries faultline made (read in GDB);
  - the helpers' bit tables against the C headers they mirror, so a
    header change that the helpers miss fails here.

    python3 tests/gdb/test_decode.py            # unittest, verbose
    run_decode_tests() -> [(name, status, details)] for tests/run.py
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from typing import Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def _load_faultline():
    path = os.path.join(ROOT, 'scripts', 'gdb', 'faultline.py')
    spec = importlib.util.spec_from_file_location('faultline', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fl = _load_faultline()


def pte_vectors() -> List[Tuple[int, str]]:
    """(value, whole expected line) for each vector of docs/pte-format.txt."""
    with open(os.path.join(ROOT, 'docs', 'pte-format.txt')) as f:
        text = f.read()
    vectors = text.split('\nVECTORS', 1)[1]
    return [(int(m.group(2), 16), m.group(1)) for m in
            re.finditer(r'^(pte 0x([0-9a-f]{16}): .*?)(?: \[ext\])?$',
                         vectors, re.M)]


class PresentPtes(unittest.TestCase):
    def test_writable_private_page(self):
        v = 0x8000000001234067
        self.assertEqual(fl.decode_pte(v), 'pfn 0x1234 P RW US A D NX')
        self.assertTrue(fl.pte_writable(v))

    def test_read_only_cow_page(self):
        v = 0x8000000001234025     # PAGE_COPY | frame: what swap-in makes
        self.assertEqual(fl.decode_pte(v), 'pfn 0x1234 P US A NX')
        self.assertFalse(fl.pte_writable(v))
        self.assertFalse(fl.is_swap_pte(v))

    def test_executable_page_has_no_nx(self):
        self.assertEqual(fl.decode_pte(0x0000000001234025),
                         'pfn 0x1234 P US A')

    def test_prot_none_is_not_a_swap_entry(self):
        v = 0x0000000001234120     # frame | A | _PAGE_PROTNONE, P clear
        self.assertEqual(fl.decode_pte(v), 'pfn 0x1234 PROT_NONE A G')
        self.assertFalse(fl.is_swap_pte(v))
        self.assertFalse(fl.pte_writable(v))

    def test_global_is_g_when_present(self):
        self.assertEqual(fl.decode_pte(0x8000000001234165),
                         'pfn 0x1234 P US A D G NX')

    def test_unnamed_bits_are_shown(self):
        self.assertTrue(fl.decode_pte(0x8000000001234e67)
                        .endswith(' other 0xe00'))

    def test_none(self):
        self.assertEqual(fl.format_pte(0),
                         'pte 0x0000000000000000: none')


class SwapPtes(unittest.TestCase):
    def test_entries_faultline_made(self):
        # Read in GDB at do_swap_page's entry (scripts/gdb/walkthrough.gdb).
        self.assertEqual(fl.swp_entry_to_pte(0, 1), 0x07fffffffffffc00)
        self.assertEqual(fl.swp_entry_to_pte(0, 2, exclusive=True),
                         0x07fffffffffffa08)

    def test_shared_entry(self):
        v = fl.swp_entry_to_pte(0, 0x12)
        self.assertEqual(fl.decode_pte(v), 'swap entry type 0 offset 0x12')
        self.assertTrue(fl.is_swap_pte(v))
        self.assertFalse(fl.pte_writable(v))

    def test_exclusive_and_soft_dirty(self):
        v = fl.swp_entry_to_pte(1, 0x3039, exclusive=True, soft_dirty=True)
        self.assertEqual(fl.decode_pte(v),
                         'swap entry type 1 offset 0x3039 exclusive '
                         'softdirty')

    def test_offset_is_stored_inverted(self):
        v = fl.swp_entry_to_pte(0, 0x12)
        stored = (v & fl.SWP_OFFSET_PTE_MASK) >> fl.SWP_OFFSET_FIRST_BIT
        self.assertEqual(stored, ~0x12 & ((1 << fl.SWP_OFFSET_BITS) - 1))

    def test_round_trip(self):
        for swp_type in (0, 1, 3, 31):
            for offset in (1, 2, 0x12, 0x3fff, 0x123456789,
                           (1 << 50) - 2):
                for excl in (False, True):
                    v = fl.swp_entry_to_pte(swp_type, offset, excl)
                    with self.subTest(type=swp_type, offset=offset):
                        self.assertEqual(fl.pte_to_swp(v),
                                         (swp_type, offset))
                        self.assertTrue(fl.is_swap_pte(v))
                        self.assertEqual(v & 0x1f7, 0,
                                         'P, bit 2 and bits 4-8 stay 0')
                        self.assertNotIn('other', fl.decode_pte(v))

    def test_stray_bits_are_shown(self):
        v = fl.swp_entry_to_pte(0, 5) | 0x60   # A and D in a swap PTE
        self.assertTrue(fl.decode_pte(v).endswith(' other 0x60'))

    def test_swp_entry_val_round_trip(self):
        for swp_type, offset in ((0, 1), (2, 0x1234), (31, 0xfffff)):
            val = fl.swp_entry_val(swp_type, offset)
            self.assertEqual(fl.swp_entry_decode(val), (swp_type, offset))
        self.assertEqual(fl.swp_entry_val(0, 1), 1)


class KernelEncodingAgrees(unittest.TestCase):
    """The Python decoder against mm/swapops.h itself, compiled for the
    host (tests/gdb/swapops_host.c)."""

    CASES = [(t, o, e) for t in (0, 1, 31)
             for o in (1, 2, 0x12, 0x3039, 0x123456789, (1 << 50) - 2)
             for e in (0, 1)]

    def _run_c(self, triples):
        if not shutil.which('gcc'):
            self.skipTest('no host gcc to compile mm/swapops.h')
        with tempfile.TemporaryDirectory() as tmp:
            exe = os.path.join(tmp, 'swapops_host')
            build = subprocess.run(
                ['gcc', '-std=gnu11', '-I' + ROOT, '-O1', '-o', exe,
                 os.path.join(HERE, 'swapops_host.c')],
                capture_output=True, text=True)
            if build.returncode:
                self.skipTest('mm/swapops.h does not build for the host: '
                              + build.stderr.strip().splitlines()[0])
            stdin = ''.join('%d %x %d\n' % t for t in triples)
            return subprocess.run([exe], input=stdin, capture_output=True,
                                  text=True, check=True).stdout.split('\n')

    def test_same_ptes_and_round_trip(self):
        for (t, o, e), line in zip(self.CASES, self._run_c(self.CASES)):
            value, ct, co, ce, cswap = line.split()
            with self.subTest(type=t, offset=o, exclusive=e):
                self.assertEqual(int(value, 16),
                                 fl.swp_entry_to_pte(t, o, bool(e)))
                self.assertEqual((int(ct), int(co, 16)), (t, o))
                self.assertEqual(fl.pte_to_swp(int(value, 16)), (t, o))
                self.assertEqual(int(ce), e)
                self.assertEqual(cswap, '1')
                self.assertTrue(fl.is_swap_pte(int(value, 16)))


class FormatVectors(unittest.TestCase):
    def test_every_vector_of_pte_format_txt(self):
        vectors = pte_vectors()
        self.assertGreaterEqual(len(vectors), 15)
        for value, line in vectors:
            with self.subTest(line=line):
                self.assertEqual(fl.format_pte(value), line)


class OtherDecoders(unittest.TestCase):
    def test_table_entries(self):
        self.assertEqual(fl.decode_table_entry(0x42c067),
                         'table pfn 0x42c P RW US A D')
        self.assertEqual(fl.decode_table_entry(0), 'none')
        self.assertTrue(fl.decode_table_entry(0x2000e3).startswith('huge'))

    def test_va_indices(self):
        addr = 0x7effffffe000
        self.assertEqual([fl.va_index(addr, i) for i in range(4)],
                         [253, 511, 511, 510])

    def test_vm_flags(self):
        self.assertEqual(fl.decode_vm_flags(0x73),
                         'VM_READ|VM_WRITE|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC')
        self.assertEqual(fl.vma_perms(0x73), 'rw-p')
        self.assertEqual(fl.vma_perms(0xfb), 'rw-s')
        self.assertTrue(fl.is_cow_mapping(0x71))      # read-only, MAYWRITE
        self.assertFalse(fl.is_cow_mapping(0xfb))     # shared

    def test_prot(self):
        self.assertEqual(fl.decode_prot(0x8000000000000025), 'P US A NX')
        self.assertEqual(fl.decode_prot(0), '(no access)')

    def test_page_flags(self):
        self.assertEqual(fl.decode_page_flags(0x230), 'anon swapcache lru')
        self.assertEqual(fl.decode_page_flags(0), '(none)')

    def test_swap_map(self):
        self.assertEqual(fl.decode_swap_map(0), 'free')
        self.assertEqual(fl.decode_swap_map(0x02), 'count 2')
        self.assertEqual(fl.decode_swap_map(0x41), 'count 1, SWAP_HAS_CACHE')
        self.assertTrue(fl.decode_swap_map(0x3f).startswith('bad'))

    def test_find_code_line_skips_comments(self):
        lines = [' *  5. pte = mk_pte(page, prot).', '',
                 '\tpte_t pte = mk_pte(page, prot); /* step 5 */']
        self.assertEqual(fl.find_code_line(lines, 'mk_pte(page, prot)'), 3)
        self.assertIsNone(fl.find_code_line(lines, 'set_pte'))

    def test_walkthrough_break_lines_exist(self):
        """Every fl-break-line of walkthrough.gdb finds its code line."""
        with open(os.path.join(ROOT, 'scripts', 'gdb',
                               'walkthrough.gdb')) as f:
            uses = re.findall(r'^\s*fl-break-line (?:-t )?(\S+) (.+)$',
                              f.read(), re.M)
        self.assertGreaterEqual(len(uses), 2)
        for name, text in uses:
            with open(os.path.join(ROOT, name)) as f:
                lines = f.read().splitlines()
            with self.subTest(file=name, text=text):
                self.assertIsNotNone(fl.find_code_line(lines, text))


# ---- the bit tables against the C headers ----

def header_defines(*paths) -> Dict[str, int]:
    """Integer values of the simple #defines of C headers (BIT(n), hex and
    decimal literals, other macros and arithmetic on them)."""
    bodies = {}
    for path in paths:
        with open(os.path.join(ROOT, path)) as f:
            text = f.read().replace('\\\n', ' ')
        for m in re.finditer(r'^#define\s+(\w+)\s+(.+)$', text, re.M):
            body = re.sub(r'/\*.*?\*/', '', m.group(2)).strip()
            bodies[m.group(1)] = body
    values = {}

    def value(name):
        if name in values:
            return values[name]
        expr = bodies[name]
        expr = re.sub(r'\bBIT\((\w+)\)', r'(1 << (\1))', expr)
        expr = re.sub(r'(0x[0-9a-fA-F]+|\d+)[uU]?[lL]*\b', r'\1', expr)
        expr = re.sub(r'\(\s*(unsigned long|u64|int)\s*\)', '', expr)
        expr = re.sub(r'\b[A-Za-z_]\w*\b',
                      lambda t: str(value(t.group(0))), expr)
        if not re.fullmatch(r'[\s\d()xa-fA-F<>+\-*/|&~]+', expr):
            raise ValueError(name)
        result = eval(expr.replace('/', '//'), {'__builtins__': {}})
        values[name] = result
        return result

    out = {}
    for name in bodies:
        try:
            out[name] = value(name) & fl.U64
        except (ValueError, KeyError, SyntaxError, RecursionError,
                TypeError):
            pass
    return out


class HeadersAgree(unittest.TestCase):
    """The helpers' tables say what the kernel's headers say."""

    @classmethod
    def setUpClass(cls):
        cls.d = header_defines('kernel/types.h', 'mm/mm.h', 'mm/pgtable.h',
                               'mm/swap.h', 'mm/swapops.h', 'mm/vma.h')

    def test_pte_bits(self):
        names = {'P': '_PAGE_PRESENT', 'RW': '_PAGE_RW', 'US': '_PAGE_USER',
                 'PWT': '_PAGE_PWT', 'PCD': '_PAGE_PCD',
                 'A': '_PAGE_ACCESSED', 'D': '_PAGE_DIRTY',
                 'PS': '_PAGE_PSE', 'G': '_PAGE_GLOBAL', 'NX': '_PAGE_NX'}
        for bit, name in fl.PTE_BITS:
            self.assertEqual(self.d[names[name]], 1 << bit, name)
        self.assertEqual(self.d['_PAGE_PROTNONE'], fl._PAGE_PROTNONE)
        self.assertEqual(self.d['PTE_PFN_MASK'], fl.PTE_PFN_MASK)
        self.assertEqual(self.d['PAGE_SHIFT'], fl.PAGE_SHIFT)
        self.assertEqual(self.d['PAGE_OFFSET'], fl.PAGE_OFFSET)
        self.assertEqual(self.d['KERNEL_VMA'], fl.KERNEL_VMA)

    def test_swap_pte_layout(self):
        self.assertEqual(self.d['SWP_TYPE_FIRST_BIT'], fl.SWP_TYPE_FIRST_BIT)
        self.assertEqual(self.d['SWP_OFFSET_FIRST_BIT'],
                         fl.SWP_OFFSET_FIRST_BIT)
        self.assertEqual(self.d['SWP_OFFSET_PTE_MASK'],
                         fl.SWP_OFFSET_PTE_MASK)
        self.assertEqual(self.d['_PAGE_SWP_EXCLUSIVE'],
                         fl._PAGE_SWP_EXCLUSIVE)
        self.assertEqual(self.d['_PAGE_SWP_SOFT_DIRTY'],
                         fl._PAGE_SWP_SOFT_DIRTY)

    def test_swap_entry_and_map(self):
        self.assertEqual(self.d['SWP_TYPE_SHIFT'], fl.SWP_TYPE_SHIFT)
        self.assertEqual(self.d['SWAP_HAS_CACHE'], fl.SWAP_HAS_CACHE)
        self.assertEqual(self.d['SWAP_MAP_BAD'], fl.SWAP_MAP_BAD)
        self.assertEqual(self.d['SWAP_COUNT_MASK'], fl.SWAP_COUNT_MASK)

    def test_vm_flags(self):
        for bit, name in fl.VM_BITS:
            self.assertEqual(self.d[name], bit, name)

    def test_page_flags_enum(self):
        with open(os.path.join(ROOT, 'mm', 'mm.h')) as f:
            text = f.read()
        body = re.search(r'enum pageflags \{(.*?)\};', text, re.S).group(1)
        names = re.findall(r'^\s*PG_(\w+),', body, re.M)
        self.assertEqual([n for _, n in fl.PAGE_FLAGS], names)
        self.assertEqual([b for b, _ in fl.PAGE_FLAGS],
                         list(range(len(names))))


# ---- for tests/run.py ----

class _Collect(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.outcomes = []

    def addSuccess(self, test):
        self.outcomes.append((test, 'ok', []))

    def addFailure(self, test, err):
        self.outcomes.append((test, 'fail', self._lines(test, err)))

    def addError(self, test, err):
        self.outcomes.append((test, 'fail', self._lines(test, err)))

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.outcomes.append((test, 'fail',
                                  [str(subtest)] + self._lines(test, err)))

    def addSkip(self, test, reason):
        self.outcomes.append((test, 'skip', [reason]))

    def _lines(self, test, err):
        return self._exc_info_to_string(err, test).strip().splitlines()[-8:]


def run_decode_tests() -> List[Tuple[str, str, List[str]]]:
    """Every test here as ('gdb-decode:<test>', 'ok'|'fail'|'skip',
    details); a test with failing subtests is reported once, failed."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(
        sys.modules[__name__])
    result = _Collect()
    suite.run(result)
    merged = {}
    for test, status, details in result.outcomes:
        name = 'gdb-decode:' + test.id().split('.', 1)[1]
        old = merged.get(name)
        if old is None or status == 'fail':
            merged[name] = (status, (old[1] if old and old[0] == 'fail'
                                     else []) + details)
    return [(name, s, d) for name, (s, d) in merged.items()]


if __name__ == '__main__':
    unittest.main(verbosity=2)
