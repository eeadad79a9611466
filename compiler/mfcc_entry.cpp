// mfcc's entry point, before the C library's _start (the Makefile links mfcc with -e mfcc_entry
// on x86-64): it marks the program's read-only data and code for transparent huge pages
// (madvise MADV_HUGEPAGE) before anything touches them.
//
// Why: a run of mfcc is mostly page faults, tens of microseconds each on a virtual machine that
// shadows the guest's page tables. Where the page cache holds the binary in 2 MiB folios, one
// fault maps 2 MiB of it (the segments start on 2 MiB boundaries, see mk/mfcc-layout.ld); in
// small folios, one fault maps 64 KiB, and a run takes about 30 faults more (0.8 ms of 6 in the
// bench). The kernel reads a file into 2 MiB folios only for a mapping marked so, and only where
// no page of that 2 MiB is in the cache yet. So once the binary's pages were dropped from the
// cache, the next run reads each 2 MiB its faults touch in one folio, and every later run maps
// it whole. The mark must precede the first touch: the C library's start-up reads its code and
// data before any constructor or main() could give it, so it is given here, with the system
// call itself, before _start. What stays in small folios: the file's first 2 MiB (the ELF
// headers, which the kernel reads to start the program, and the start-up's relocations;
// mk/mfcc-layout.ld keeps the data the checks read out of them) and the 2 MiB this code lies in
// (the cold end of the code segment).
//
// It changes speed only. madvise's result is not looked at: the range spans the unmapped gap
// between the two segments (ENOMEM, after marking both), and a kernel without transparent huge
// pages refuses (EINVAL) and reads small folios as before. %rdx carries the exit function the
// kernel passes to _start (none, for a static program) and is given back unchanged.
#if defined(__x86_64__) && defined(__linux__)
#include <sys/mman.h>
#include <sys/syscall.h>

#define MF_ENTRY_TEXT(value) #value
#define MF_ENTRY_NUMBER(value) MF_ENTRY_TEXT(value)

asm(R"(
    .pushsection mfcc_entry_code, "ax", @progbits
    .globl mfcc_entry
    .type mfcc_entry, @function
mfcc_entry:
    mov %rdx, %r12
    lea __ehdr_start(%rip), %rdi
    lea mfcc_code_end(%rip), %rsi
    sub %rdi, %rsi
    mov $)" MF_ENTRY_NUMBER(MADV_HUGEPAGE) R"(, %edx
    mov $)" MF_ENTRY_NUMBER(SYS_madvise) R"(, %eax
    syscall
    mov %r12, %rdx
    jmp _start
    .size mfcc_entry, . - mfcc_entry
    .popsection
)");
#endif
