# walkthrough.gdb - watch do_swap_page() rebuild a PTE from the VMA.
#
# Boot faultline with the seed demo as init and source this file in GDB:
#
#   make debug CMDLINE='ktest=none init=/bin/demo_seed trace=swap'
#   (gdb) source scripts/gdb/walkthrough.gdb
#
# tests/gdb/run_walkthrough.py runs it in batch mode and checks what the
# fl-* helpers (scripts/gdb/faultline.py) print. No line numbers here:
# fl-break-line finds the lines by their text. trace=swap makes the kernel
# narrate the same swap-ins on the console (build/debug-serial.log).
#
# user/demo_seed.c swaps in three times; this script stops at each:
#   1. the child reads the page it shares copy-on-write with its parent:
#      the page comes back read-only although the VMA allows writing;
#   2. the parent reads it: found in the swap cache, read-only too;
#   3. the parent, now the page's only user, pushed it out again and
#      reads it: the swap PTE is exclusive, the page comes back writable.
# At each: the PTE as the fault found it (a swap entry: no permission
# bits left), the slot and the VMA; then step 5 of do_swap_page,
# pte = mk_pte(page, vma->vm_page_prot); then the PTE it installed.

# Only temporary breakpoints: continuing from a breakpoint still in place
# makes GDB single-step over it first, and now and then (about one run in
# 40) QEMU then reports the same breakpoint again, as if the step had not
# executed the instruction - a script would lose its place.

set pagination off
set confirm off
set $fl_n = 0

define fl-walk-swapin
  set $fl_n = $fl_n + 1
  set $fl_addr = vmf->address
  printf "\n=== swap-in %d: pid %d (%s), ", $fl_n, $fl_current()->pid, $fl_current()->comm
  # FAULT_FLAG_WRITE is bit 0 of vmf->flags (mm/memory.h)
  if (vmf->flags & 1)
    printf "write"
  else
    printf "read"
  end
  printf " fault at 0x%lx\n", $fl_addr
  echo --- the PTE as the fault found it: a swap entry and nothing else\n
  fl-pte vmf->orig_pte
  fl-swap vmf->orig_pte
  echo --- the VMA: what the area allows (vm_flags), its PTE bits (vm_page_prot)\n
  fl-vma vmf->vma
  # Runs through the disk read (the task sleeps, others run) or the
  # swap-cache hit, to the line that builds the new PTE.
  fl-break-line -t mm/swap_in.c mk_pte(page, vma->vm_page_prot)
  continue
  echo --- step 5: pte = mk_pte(page, vma->vm_page_prot)\n
  p/x vma->vm_page_prot
  fl-page page
  # Past set_pte(vmf->pte, pte): the line that records the new PTE.
  fl-break-line -t mm/swap_in.c vmf->orig_pte = pte;
  continue
  echo --- the PTE installed (step 6 added RW only if the page is exclusive)\n
  fl-pte vmf->pte
  finish
  echo --- the page-table walk for the faulting address, after the fault\n
  fl-pt $fl_addr
end
document fl-walk-swapin
Stopped at do_swap_page's entry: print the swap PTE, its slot and the VMA,
run to the mk_pte line and print vm_page_prot and the page, run past
set_pte and print the new PTE, finish, and walk the page table.
end

echo === booting; the demo forks, pushes the shared page out, the child reads it\n
tbreak do_swap_page
continue
fl-walk-swapin
tbreak do_swap_page
continue
fl-walk-swapin

# Now stop only for a swap PTE with the exclusive bit
# (_PAGE_SWP_EXCLUSIVE, bit 3): the parent's own page.
tbreak do_swap_page
condition $bpnum (vmf->orig_pte.pte & 8) != 0
continue
fl-walk-swapin

echo \n=== the tasks, and the parent's address space\n
fl-tasks
fl-vmas

echo \n=== the demo runs to its end\n
continue
