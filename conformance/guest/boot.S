/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * boot.S - entry of the freestanding test guest.  QEMU's -kernel loads the
 * image as a multiboot (v1) 32-bit ELF and jumps to guest_start32 in 32-bit
 * protected mode with paging off, EAX = multiboot magic and EBX = the
 * multiboot information structure.  We identity-map the first 64 GiB with
 * 2 MiB pages (RAM, the 32-bit PCI hole and the usual 64-bit BAR window),
 * enable PAE + long mode + SSE, load a 64-bit GDT and an IDT whose every
 * exception ends the guest with a message, and call guest_main(mbi).
 */
#define MB_MAGIC     0x1badb002
#define MB_FLAGS     0x00000003            /* page-align modules, want memory info */
#define PD_COUNT     64                    /* 64 page directories x 1 GiB */
#define PTE_P_RW_PS  0x83                  /* present, writable, 2 MiB page */

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pds:	.skip 4096 * PD_COUNT
	.balign 16
boot_stack:
	.skip 65536
boot_stack_top:
mbi_ptr:
	.skip 4

	.section .data
	.balign 16
gdt64:
	.quad 0                                /* null */
	.quad 0x00af9a000000ffff               /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff               /* 0x10: data */
gdt64_end:
gdt64_ptr:
	.word gdt64_end - gdt64 - 1
	.quad gdt64

	.section .text
	.code32
	.globl guest_start32
guest_start32:
	cli
	cld
	movl $boot_stack_top, %esp
	movl %ebx, mbi_ptr

	/* PML4[0] -> PDPT */
	movl $pdpt, %eax
	orl $3, %eax
	movl %eax, pml4
	/* PDPT[i] -> PD i, i < PD_COUNT */
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $pds, %eax
	orl $3, %eax
	movl %eax, pdpt(,%ecx,8)
	movl $0, pdpt+4(,%ecx,8)
	incl %ecx
	cmpl $PD_COUNT, %ecx
	jb 1b
	/* PD entry j maps physical j * 2 MiB (64-bit value: low and high word) */
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $21, %eax
	orl $PTE_P_RW_PS, %eax
	movl %eax, pds(,%ecx,8)
	movl %ecx, %eax
	shrl $11, %eax
	movl %eax, pds+4(,%ecx,8)
	incl %ecx
	cmpl $(PD_COUNT * 512), %ecx
	jb 2b

	/* CR4: PAE (5), OSFXSR (9), OSXMMEXCPT (10) */
	movl %cr4, %eax
	orl $((1 << 5) | (1 << 9) | (1 << 10)), %eax
	movl %eax, %cr4
	movl $pml4, %eax
	movl %eax, %cr3
	/* EFER.LME */
	movl $0xc0000080, %ecx
	rdmsr
	orl $(1 << 8), %eax
	wrmsr
	/* CR0: PG (31), PE (0), MP (1); clear EM (2) so SSE works */
	movl %cr0, %eax
	andl $~(1 << 2), %eax
	orl $((1 << 31) | (1 << 1) | 1), %eax
	movl %eax, %cr0
	lgdt gdt64_ptr
	ljmp $0x08, $long_entry

	.code64
long_entry:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movq $boot_stack_top, %rsp
	call guest_idt_install
	movl mbi_ptr(%rip), %edi
	call guest_main
3:	hlt
	jmp 3b

/*
 * Exception stubs: push a dummy error code where the CPU pushes none, push
 * the vector, and hand (vector, error, rip) to guest_exception().
 */
.macro EXC_STUB vec, has_err
	.balign 16
exc_stub_\vec:
	.if \has_err == 0
	pushq $0
	.endif
	pushq $\vec
	jmp exc_common
.endm

	.balign 16
exc_common:
	movq (%rsp), %rdi                      /* vector */
	movq 8(%rsp), %rsi                     /* error code */
	movq 16(%rsp), %rdx                    /* rip */
	andq $~15, %rsp
	call guest_exception
4:	hlt
	jmp 4b

	EXC_STUB 0, 0
	EXC_STUB 1, 0
	EXC_STUB 2, 0
	EXC_STUB 3, 0
	EXC_STUB 4, 0
	EXC_STUB 5, 0
	EXC_STUB 6, 0
	EXC_STUB 7, 0
	EXC_STUB 8, 1
	EXC_STUB 9, 0
	EXC_STUB 10, 1
	EXC_STUB 11, 1
	EXC_STUB 12, 1
	EXC_STUB 13, 1
	EXC_STUB 14, 1
	EXC_STUB 15, 0
	EXC_STUB 16, 0
	EXC_STUB 17, 1
	EXC_STUB 18, 0
	EXC_STUB 19, 0

	.section .rodata
	.balign 8
	.globl guest_exc_stubs
guest_exc_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	.quad exc_stub_\v
	.endr

	.section .note.GNU-stack, "", @progbits
